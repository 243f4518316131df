package io.greentrain.preprocessing.text.quality;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScriptClassTest {

    @Test
    void classifiesScriptsByTheShareOfTheirOwnUnits() {
        assertThat(ScriptClass.of("Hi 世界你好", 0.5)).isEqualTo(ScriptClass.UNSPACED);
        assertThat(ScriptClass.of("Hello big world 世界", 0.5)).isEqualTo(ScriptClass.SPACED);
        assertThat(ScriptClass.of("Hello world 世界", 0.5)).as("a tie is measured in characters")
                .isEqualTo(ScriptClass.UNSPACED);
        assertThat(ScriptClass.of("运行 mvn package -DskipTests 构建", 0.5)).as("4 characters, 4 runs")
                .isEqualTo(ScriptClass.UNSPACED);
        assertThat(ScriptClass.of("2023年5月10日发布", 0.5)).isEqualTo(ScriptClass.UNSPACED);
        assertThat(ScriptClass.of("こんにちは、カタカナ", 0.5)).isEqualTo(ScriptClass.UNSPACED);
        assertThat(ScriptClass.of("สวัสดีครับ", 0.5)).isEqualTo(ScriptClass.UNSPACED);
        assertThat(ScriptClass.of("안녕하세요 여러분", 0.5)).isEqualTo(ScriptClass.SPACED);
        assertThat(ScriptClass.of("1234 !!", 0.5)).isEqualTo(ScriptClass.SPACED);
    }

    @Test
    void countsUnspacedLettersOneByOneAndOtherRunsOnce() {
        ScriptUnits units = ScriptUnits.of("在 README.md 里写「こんにちは」和 naïve 3.5");

        assertThat(units.unspacedLetters()).isEqualTo(9);
        assertThat(units.hanLetters()).isEqualTo(4);
        assertThat(units.kanaLetters()).isEqualTo(5);
        assertThat(units.spacedRuns()).as("README, md, naïve, 3, 5").isEqualTo(5);
        assertThat(units.latinLetters()).isEqualTo(13);
        assertThat(units.chinese(0.1)).isFalse();
        assertThat(ScriptUnits.of("床前明月光，疑是地上霜。").chinese(0.1)).isTrue();
    }
}
