package dev.tiffin.traffic.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestTargetTest {

    @Test
    void pathPrefixIsStrippedBeforeForwarding() {
        assertThat(RequestTarget.parsePublic("localhost:8000", "/default/iris/predict?x=1", null))
                .isEqualTo(new RequestTarget("default", "iris", "api-server", "/predict?x=1"));
        assertThat(RequestTarget.parsePublic("localhost", "/default/iris", null))
                .isEqualTo(new RequestTarget("default", "iris", "api-server", "/"));
        assertThat(RequestTarget.parsePublic("localhost", "/default/iris?x", null))
                .isEqualTo(new RequestTarget("default", "iris", "api-server", "/?x"));
        assertThat(RequestTarget.parsePublic("localhost", "/default/iris/a/b", null)
                        .path())
                .isEqualTo("/a/b");
    }

    @Test
    void hostNamesUnderTheBaseDomainRouteToTheApiServer() {
        assertThat(RequestTarget.parsePublic("iris.default.models.example.com:8000", "/predict", "models.example.com"))
                .isEqualTo(new RequestTarget("default", "iris", "api-server", "/predict"));
        assertThat(RequestTarget.parsePublic("IRIS.default.Models.Example.com", "/predict", "models.example.com")
                        .name())
                .isEqualTo("IRIS");
        // not under the base domain, or too many labels: the path prefix form applies
        assertThat(RequestTarget.parsePublic("a.b.c.models.example.com", "/ns/x/y", "models.example.com"))
                .isEqualTo(new RequestTarget("ns", "x", "api-server", "/y"));
        assertThat(RequestTarget.parsePublic("other.com", "/predict", "models.example.com"))
                .isNull();
    }

    @Test
    void internalRoutesNameTheRunner() {
        assertThat(RequestTarget.parseInternal("/default/iris/iris_clf/predict"))
                .isEqualTo(new RequestTarget("default", "iris", "iris_clf", "/predict"));
        assertThat(RequestTarget.parseInternal("/default/iris")).isNull();
        assertThat(RequestTarget.parseInternal("/default//x/y")).isNull();
    }

    @Test
    void malformedTargetsAreNotRouted() {
        assertThat(RequestTarget.parsePublic(null, "/", null)).isNull();
        assertThat(RequestTarget.parsePublic(null, "/only", null)).isNull();
        assertThat(RequestTarget.parsePublic(null, "*", null)).isNull();
        assertThat(RequestTarget.parsePublic(null, "//iris/x", null)).isNull();
    }
}
