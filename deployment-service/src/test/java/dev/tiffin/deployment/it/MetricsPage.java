package dev.tiffin.deployment.it;

import static io.restassured.RestAssured.given;

import java.util.OptionalDouble;

/** The application's {@code /q/metrics}, read one series at a time. */
final class MetricsPage {

    private MetricsPage() {}

    /** The value of the series that starts with {@code nameAndLabels} (e.g. {@code x{topic="t"}), if exported. */
    static OptionalDouble value(String nameAndLabels) {
        String page = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String line : page.split("\n")) {
            if (line.startsWith(nameAndLabels)) {
                return OptionalDouble.of(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
            }
        }
        return OptionalDouble.empty();
    }
}
