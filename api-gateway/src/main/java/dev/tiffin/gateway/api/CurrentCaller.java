package dev.tiffin.gateway.api;

import dev.tiffin.gateway.domain.ApiToken;
import jakarta.enterprise.context.RequestScoped;

/** The token of the request being served (set by {@link AuthFilter}). */
@RequestScoped
public class CurrentCaller {

    private ApiToken token;

    void set(ApiToken token) {
        this.token = token;
    }

    public ApiToken token() {
        if (token == null) {
            throw new IllegalStateException("no authenticated caller on this request");
        }
        return token;
    }

    /** How the caller appears in events: never the secret, only the token's id and name. */
    public String requester() {
        return "token:" + token().id() + " (" + token().name() + ")";
    }
}
