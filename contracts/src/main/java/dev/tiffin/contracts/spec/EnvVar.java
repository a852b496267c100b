package dev.tiffin.contracts.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * An environment variable. A secret one never travels or is shown in clear: on the wire after the gateway its value is
 * sealed ({@code sealed}), and the downloaded spec omits its value. Submitting a secret without a value keeps the
 * value the deployment already has.
 */
public record EnvVar(String name, String value, Boolean secret, String sealed) {

    public static EnvVar plain(String name, String value) {
        return new EnvVar(name, value, null, null);
    }

    /** Not a JSON property: without {@code @JsonIgnore} Jackson would write {@code "secret": false} for plain envs. */
    @JsonIgnore
    public boolean isSecret() {
        return Boolean.TRUE.equals(secret);
    }

    /** The form shown to users: a secret's value and seal removed. */
    public EnvVar redacted() {
        return isSecret() ? new EnvVar(name, null, true, null) : this;
    }
}
