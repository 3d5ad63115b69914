package dev.hfjobs.localinvoke;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProxyResponseTest {

    @Test
    void anAnswerThatIsNotJsonIsA500() {
        assertThat(ProxyResponse.parse("not json").status()).isEqualTo(500);
    }

    @Test
    void aStatusCodeOutOfRangeOrNotANumberIsA500() {
        assertThat(ProxyResponse.parse("{\"statusCode\": 42}").status()).isEqualTo(500);
        assertThat(ProxyResponse.parse("{\"statusCode\": \"ok\"}").status()).isEqualTo(500);
    }

    @Test
    void aBase64BodyThatIsNotBase64IsA500() {
        assertThat(ProxyResponse.parse("{\"statusCode\": 200, \"body\": \"@@@\", \"isBase64Encoded\": true}").status())
                .isEqualTo(500);
    }

    @Test
    void noBodyIsAnEmptyBody() {
        ProxyResponse response = ProxyResponse.parse("{\"statusCode\": 204, \"headers\": {\"x-n\": 3}}");

        assertThat(response.status()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
        assertThat(response.headers().get("x-n")).containsExactly("3");
    }
}
