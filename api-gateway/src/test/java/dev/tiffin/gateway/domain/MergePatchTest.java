package dev.tiffin.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MergePatchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** RFC 7396, Appendix A: every example. Quotes are written as ' to keep the table readable. */
    @ParameterizedTest(name = "{0} + {1} = {2}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "{'a':'b'}                | {'a':'c'}               | {'a':'c'}",
                "{'a':'b'}                | {'b':'c'}               | {'a':'b','b':'c'}",
                "{'a':'b'}                | {'a':null}              | {}",
                "{'a':'b','b':'c'}        | {'a':null}              | {'b':'c'}",
                "{'a':['b']}              | {'a':'c'}               | {'a':'c'}",
                "{'a':'c'}                | {'a':['b']}             | {'a':['b']}",
                "{'a':{'b':'c'}}          | {'a':{'b':'d','c':null}} | {'a':{'b':'d'}}",
                "{'a':[{'b':'c'}]}        | {'a':[1]}               | {'a':[1]}",
                "['a','b']                | ['c','d']               | ['c','d']",
                "{'a':'b'}                | ['c']                   | ['c']",
                "{'a':'foo'}              | null                    | null",
                "{'a':'foo'}              | 'bar'                   | 'bar'",
                "{'e':null}               | {'a':1}                 | {'e':null,'a':1}",
                "[1,2]                    | {'a':'b','c':null}      | {'a':'b'}",
                "{}                       | {'a':{'bb':{'ccc':null}}} | {'a':{'bb':{}}}"
            })
    void rfc7396AppendixA(String target, String patch, String expected) throws Exception {
        JsonNode result = MergePatch.apply(json(target), json(patch));
        assertThat(result).isEqualTo(json(expected));
    }

    @Test
    void leavesItsArgumentsUntouched() throws Exception {
        JsonNode target = json("{'a':{'b':1}}");
        JsonNode patch = json("{'a':{'b':null,'c':2}}");
        MergePatch.apply(target, patch);
        assertThat(target).isEqualTo(json("{'a':{'b':1}}"));
        assertThat(patch).isEqualTo(json("{'a':{'b':null,'c':2}}"));
    }

    @Test
    void patchesADeploymentSpec() throws Exception {
        JsonNode current = json("{'name':'iris','api_server':{'autoscaling':{'min_replicas':1,'max_replicas':2}},"
                + "'labels':{'team':'ml','tier':'gold'}}");
        JsonNode patch = json("{'api_server':{'autoscaling':{'max_replicas':5}},'labels':{'tier':null}}");
        assertThat(MergePatch.apply(current, patch))
                .isEqualTo(json("{'name':'iris','api_server':{'autoscaling':{'min_replicas':1,'max_replicas':5}},"
                        + "'labels':{'team':'ml'}}"));
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.trim().replace('\'', '"'));
    }
}
