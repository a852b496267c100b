package dev.tiffin.cli;

/** {@code tiffin}: the command-line client of the Tiffin API. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        int code = Tiffin.run(Io.system(), args);
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }
}
