package dev.tiffin.gateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.tiffin.testsupport.KafkaTestResource;
import dev.tiffin.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/deployments/{name}/autoscaling}: the deployment resolved like every read, the autoscaler-service's
 * answer relayed (its 404 problem too), a read scope required.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(value = FakeDeploymentService.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = FakeAutoscalerService.class, restrictToAnnotatedClass = true)
class DeploymentAutoscalingTest {

    @Test
    void theStatusOfADeploymentInTheDefaultClusterIsRelayed() {
        given().auth()
                .oauth2(GatewayApiTest.ADMIN)
                .get("/v1/deployments/iris/autoscaling")
                .then()
                .statusCode(200)
                .contentType("application/json")
                .body("deployment.namespace", equalTo("default"))
                .body("components[0].name", equalTo("api-server"))
                .body("components[0].desired_replicas", equalTo(4))
                .body("components[0].last_decisions[0].reason", containsString("recommends 4"));
    }

    @Test
    void clusterAndNamespaceQueryParametersNameTheDeployment() {
        given().auth()
                .oauth2(GatewayApiTest.ADMIN)
                .get("/v1/deployments/iris/autoscaling?cluster=local&namespace=other")
                .then()
                .statusCode(200)
                .body("deployment.namespace", equalTo("other"));
    }

    @Test
    void anUnknownDeploymentIsTheAutoscalersProblem404() {
        given().auth()
                .oauth2(GatewayApiTest.ADMIN)
                .get("/v1/deployments/nobody/autoscaling")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("detail", containsString("knows no deployment"));
    }

    @Test
    void aCallerWithoutATokenIsRefused() {
        given().get("/v1/deployments/iris/autoscaling").then().statusCode(401);
    }
}
