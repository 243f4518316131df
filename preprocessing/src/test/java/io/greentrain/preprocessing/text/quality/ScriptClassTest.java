package io.greentrain.preprocessing.text.quality;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScriptClassTest {

    @Test
    void classifiesScriptsByLetterShare() {
        assertThat(ScriptClass.of("Hi 世界你好", 0.5)).isEqualTo(ScriptClass.UNSPACED);
        assertThat(ScriptClass.of("Hello world 世界", 0.5)).isEqualTo(ScriptClass.SPACED);
        assertThat(ScriptClass.of("こんにちは、カタカナ", 0.5)).isEqualTo(ScriptClass.UNSPACED);
        assertThat(ScriptClass.of("สวัสดีครับ", 0.5)).isEqualTo(ScriptClass.UNSPACED);
        assertThat(ScriptClass.of("안녕하세요 여러분", 0.5)).isEqualTo(ScriptClass.SPACED);
        assertThat(ScriptClass.of("1234 !!", 0.5)).isEqualTo(ScriptClass.SPACED);
    }
}
