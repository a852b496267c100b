package dev.tiffin.contracts.validation;

/** The stable, machine-readable codes of {@link Violation}s. Clients may switch on them; they never change meaning. */
public final class ViolationCodes {

    /** A required field is absent (or blank). */
    public static final String REQUIRED = "required";
    /** The value does not have the expected syntax (a name, a quantity, a bento reference, a timeout). */
    public static final String INVALID_FORMAT = "invalid_format";
    /** The value is outside its allowed range. */
    public static final String OUT_OF_RANGE = "out_of_range";
    /** The value is not one of the allowed values. */
    public static final String INVALID_VALUE = "invalid_value";
    /** A text is longer than allowed. */
    public static final String TOO_LONG = "too_long";
    /** The same name or type appears twice in one list. */
    public static final String DUPLICATE = "duplicate";
    /** Two fields contradict each other (min above max, instance type and custom resources, requests above limits). */
    public static final String CONFLICT = "conflict";
    /** A field Tiffin does not know. */
    public static final String UNKNOWN_FIELD = "unknown_field";
    /** A value of the wrong JSON type. */
    public static final String WRONG_TYPE = "wrong_type";
    /** A setting of an imported BentoML document that Tiffin cannot honour. */
    public static final String UNSUPPORTED = "unsupported";

    private ViolationCodes() {}
}
