package io.greentrain.energy.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnergyUnitsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "6.8256e-9      | 1.896 pWh",
        "2.97e-9        | 825 fWh",
        "0.00297        | 825 nWh",
        "2.97           | 825 \u00b5Wh",
        "3600           | 1 Wh",
        "12960          | 3.6 Wh",
        "4442400        | 1.234 kWh",
        "3.6e9          | 1 MWh",
        "3599.99        | 1 Wh",
        "0              | 0 Wh",
    })
    void energyIsInWattHoursWithThePrefixThatPutsItBetweenOneAndAThousand(double joules, String shown) {
        assertThat(EnergyUnits.energy(joules)).isEqualTo(shown);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1.399e-12  | 1.399 pg",
        "0.000412   | 412 \u00b5g",
        "0.412      | 412 mg",
        "1.5        | 1.5 g",
        "2500       | 2.5 kg",
        "2500000    | 2,500 kg",
        "0.99996    | 1 g",
    })
    void massIsInGramsWithAPrefixUpToKilograms(double grams, String shown) {
        assertThat(EnergyUnits.mass(grams)).isEqualTo(shown);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0.123456   | 0.1235",
        "612        | 612",
        "1.56       | 1.56",
        "12345.6    | 12,350",
        "-2.5       | -2.5",
    })
    void numbersKeepAtMostFourSignificantDigitsAndNoExponent(double value, String shown) {
        assertThat(EnergyUnits.number(value)).isEqualTo(shown);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"NaN", "Infinity"})
    void aValueThatIsNotANumberIsADash(double value) {
        assertThat(EnergyUnits.energy(value)).isEqualTo("\u2013");
        assertThat(EnergyUnits.mass(value)).isEqualTo("\u2013");
        assertThat(EnergyUnits.number(value)).isEqualTo("\u2013");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"12.5 | 12.5 W", "1234 | 1.234 kW", "0.5 | 500 mW"})
    void powerIsInWattsWithAPrefix(double watts, String shown) {
        assertThat(EnergyUnits.power(watts)).isEqualTo(shown);
    }
}
