package dev.tiffin.cli;

import java.net.http.HttpHeaders;

/** An HTTP answer of the API: status, headers and the body as text. */
public record ApiResponse(int status, HttpHeaders headers, String body) {

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    public String header(String name) {
        return headers == null ? null : headers.firstValue(name).orElse(null);
    }
}
