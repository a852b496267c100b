package dev.tiffin.traffic.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Request heads from bytes: the end of the head, fields by name in any case, framing and keep-alive, bad heads. */
class HttpHeadTest {

    private static RequestHead request(String head) {
        ByteBuf buf = Unpooled.copiedBuffer(head, StandardCharsets.ISO_8859_1);
        int end = HttpHead.end(buf, 0, buf.writerIndex());
        assertThat(end).isEqualTo(head.length());
        HttpHead h = HttpHead.parse(buf, end);
        return h == null ? null : RequestHead.of(h);
    }

    @Test
    void fieldsAreFoundWhateverTheirCaseAndValuesAreTrimmed() {
        RequestHead r = request("POST /ns/name/predict?x=1 HTTP/1.1\r\nhOsT:  api.example  \r\n"
                + "AUTHORIZATION: Bearer tfn_x\r\ncontent-LENGTH: 12\r\nx-request-id: abc\r\n\r\n");
        assertThat(r.method).isEqualTo("POST");
        assertThat(r.uri).isEqualTo("/ns/name/predict?x=1");
        assertThat(r.value(r.host)).isEqualTo("api.example");
        assertThat(r.value(r.authorization)).isEqualTo("Bearer tfn_x");
        assertThat(r.value(r.requestId)).isEqualTo("abc");
        assertThat(r.body.kind()).isEqualTo(BodyFraming.Kind.LENGTH);
        assertThat(r.keepAlive).isTrue();
    }

    @Test
    void bareLineFeedsEndLinesToo() {
        RequestHead r = request("GET / HTTP/1.0\nConnection: keep-alive\n\n");
        assertThat(r.http10).isTrue();
        assertThat(r.keepAlive).isTrue();
        assertThat(r.body.done()).isTrue();
    }

    @Test
    void keepAliveFollowsTheVersionAndTheConnectionField() {
        assertThat(request("GET / HTTP/1.1\r\nConnection: close\r\n\r\n").keepAlive)
                .isFalse();
        assertThat(request("GET / HTTP/1.0\r\n\r\n").keepAlive).isFalse();
        assertThat(request("GET / HTTP/1.1\r\nConnection: Keep-Alive, X-Mine\r\n\r\n").connectionTokens)
                .containsExactly("X-Mine");
    }

    @Test
    void ambiguousFramingIsRefused() {
        assertThat(request("POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n").body)
                .isNull();
        assertThat(request("POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n").body)
                .isNull();
        assertThat(request("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n").body)
                .isNull();
        assertThat(request("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n").body)
                .isNull();
        assertThat(request("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n").body)
                .isNull();
        assertThat(request("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n")
                        .body
                        .kind())
                .isEqualTo(BodyFraming.Kind.CHUNKED);
    }

    @Test
    void malformedHeadsAreNull() {
        assertThat(request("GET / HTTP/1.1\r\nFolded: a\r\n b\r\n\r\n")).isNull();
        assertThat(request("GET / HTTP/1.1\r\nName : v\r\n\r\n")).isNull();
        assertThat(request("GET / HTTP/1.1\r\nno colon\r\n\r\n")).isNull();
        assertThat(request("GET / HTTP/2.0\r\n\r\n")).isNull();
        assertThat(request("GET /\r\n\r\n")).isNull();
    }

    @Test
    void anIncompleteHeadHasNoEndYet() {
        ByteBuf buf = Unpooled.copiedBuffer("GET / HTTP/1.1\r\nHost: a\r\n\r", StandardCharsets.ISO_8859_1);
        assertThat(HttpHead.end(buf, 0, buf.writerIndex())).isEqualTo(-1);
    }
}
