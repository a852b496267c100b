package dev.tiffin.traffic.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Where a body ends: by length, by chunks (however the bytes are split), until the close; malformed chunks. */
class BodyFramingTest {

    private static final String CHUNKED =
            "4;name=value\r\nwiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nTrailer: t\r\n\r\n";

    private static ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    @Test
    void chunksEndAfterTheTrailerAndWhatFollowsIsNotTheBody() {
        BodyFraming f = BodyFraming.chunked();
        ByteBuf buf = bytes(CHUNKED + "GET / HTTP/1.1\r\n");
        assertThat(f.consume(buf)).isEqualTo(CHUNKED.length());
        assertThat(f.done()).isTrue();
    }

    @Test
    void chunksSplitAnywhereEndAtTheSamePlace() {
        for (int step = 1; step <= 7; step++) {
            BodyFraming f = BodyFraming.chunked();
            int taken = 0;
            for (int i = 0; i < CHUNKED.length() && !f.done(); i += step) {
                ByteBuf piece = bytes(CHUNKED.substring(i, Math.min(CHUNKED.length(), i + step)));
                int n = f.consume(piece);
                assertThat(n).isGreaterThanOrEqualTo(0);
                taken += n;
            }
            assertThat(f.done()).as("step %d", step).isTrue();
            assertThat(taken).isEqualTo(CHUNKED.length());
        }
    }

    @Test
    void aLengthIsCountedDownAndNoneIsDoneAtOnce() {
        BodyFraming f = BodyFraming.length(5);
        assertThat(f.consume(bytes("abc"))).isEqualTo(3);
        assertThat(f.done()).isFalse();
        assertThat(f.consume(bytes("deNEXT"))).isEqualTo(2);
        assertThat(f.done()).isTrue();
        assertThat(BodyFraming.none().done()).isTrue();
        assertThat(BodyFraming.length(0).done()).isTrue();
        assertThat(BodyFraming.untilClose().consume(bytes("all of it"))).isEqualTo(9);
    }

    @Test
    void malformedChunksAreRefused() {
        assertThat(BodyFraming.chunked().consume(bytes("zz\r\n"))).isEqualTo(-1);
        assertThat(BodyFraming.chunked().consume(bytes("2\r\nabX"))).isEqualTo(-1);
        assertThat(BodyFraming.chunked().consume(bytes("ffffffffffffffff\r\n"))).isEqualTo(-1);
    }
}
