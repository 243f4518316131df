package io.greentrain.energy.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UriRedactionTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "s3a://AKIAEXAMPLE:wJalrXUtnFEMI@bucket/ledger       | s3a://REDACTED@bucket/ledger",
            "https://alice:pa55@example.com/data.csv               | https://REDACTED@example.com/data.csv",
            "abfss://container@account.dfs.core.windows.net/out    | abfss://container@account.dfs.core.windows.net/out",
            "https://acct.blob.core.windows.net/c/f.csv?sv=2022&sig=abc%2Fdef&se=2030 | https://acct.blob.core.windows.net/c/f.csv?sv=2022&sig=REDACTED&se=2030",
            "https://s3.amazonaws.com/b/k?X-Amz-Signature=deadbeef&X-Amz-Credential=AKIA%2F | https://s3.amazonaws.com/b/k?X-Amz-Signature=REDACTED&X-Amz-Credential=REDACTED",
            "https://api.example.com/i?zone=DE&token=t0k3n         | https://api.example.com/i?zone=DE&token=REDACTED",
            "https://api.example.com/i?key=k&access_token=a        | https://api.example.com/i?key=REDACTED&access_token=REDACTED",
            "hdfs://namenode:8020/greentrain/out/ledger            | hdfs://namenode:8020/greentrain/out/ledger",
            "/tmp/out/run=example/segment-1-2.jsonl                | /tmp/out/run=example/segment-1-2.jsonl",
            "read https://u:p@h/x and s3a://k:s@b/y                | read https://REDACTED@h/x and s3a://REDACTED@b/y",
            "https://s3.amazonaws.com/b/k?AWSAccessKeyId=A&Expires=9 | https://s3.amazonaws.com/b/k?AWSAccessKeyId=REDACTED&Expires=9",
            "https://h/x?apikey=a&client_secret=b&refresh-token=c  | https://h/x?apikey=REDACTED&client_secret=REDACTED&refresh-token=REDACTED",
    })
    void removesUserInformationAndSecretQueryValuesAndKeepsTheRest(String uri, String redacted) {
        assertThat(UriRedaction.redact(uri)).isEqualTo(redacted);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "https://h/search?author=ann&keyword=energy&monkey=1",
            "the column #token=3 and a=b&key=c outside any URI",
            "s3a://bucket/run=example/part-0.parquet",
            "https://h/x?sv=2022&se=2030#section=2",
    })
    void leavesParametersWhoseNamesOnlyContainASecretWordAndTextOutsideURIs(String text) {
        assertThat(UriRedaction.redact(text)).isEqualTo(text);
    }

    @org.junit.jupiter.api.Test
    void redactsEveryTextValueOfAJsonTree() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.JsonNode json = mapper.readTree("{\"paths\":{\"input\":"
                + "[\"s3a://k:s@b/in.csv\",\"/local\"]},\"carbon\":{\"ledger\":\"https://h/l?sig=x\",\"kwh\":1.5}}");

        UriRedaction.redactTextValues(json);

        assertThat(json.toString()).isEqualTo("{\"paths\":{\"input\":[\"s3a://REDACTED@b/in.csv\",\"/local\"]},"
                + "\"carbon\":{\"ledger\":\"https://h/l?sig=REDACTED\",\"kwh\":1.5}}");
    }
}
