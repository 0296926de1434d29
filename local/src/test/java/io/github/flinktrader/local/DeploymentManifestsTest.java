package io.github.flinktrader.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.flinktrader.flink.Pipelines;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.HighAvailabilityOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.junit.jupiter.api.Test;

/**
 * The operator's Java model for Flink 2.x is not on Maven Central (its 1.10 API stops at Flink
 * 1.20), so the FlinkDeployment manifests are checked here against the fields the operator's CRD
 * documents, and every Flink setting against Flink's own option definitions.
 */
class DeploymentManifestsTest {

  private static final Path DIR = Path.of("..", "deploy", "flink-k8s-operator");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static List<JsonNode> deployments() throws Exception {
    try (Stream<Path> files = Files.list(DIR)) {
      List<JsonNode> out =
          files
              .filter(p -> p.toString().endsWith(".yaml"))
              .map(
                  p -> {
                    try {
                      return YAML.readTree(p.toFile());
                    } catch (Exception e) {
                      throw new IllegalStateException(p + ": " + e.getMessage(), e);
                    }
                  })
              .filter(n -> "FlinkDeployment".equals(n.path("kind").asText()))
              .toList();
      return out;
    }
  }

  @Test
  void oneDeploymentPerJobWithARealEntryClassAndSavepointUpgrades() throws Exception {
    List<JsonNode> deployments = deployments();
    assertThat(deployments).hasSize(PipelineJobs.ALL.size());
    Set<String> jobs = new HashSet<>();
    for (JsonNode d : deployments) {
      assertThat(d.path("apiVersion").asText()).isEqualTo("flink.apache.org/v1beta1");
      JsonNode spec = d.path("spec");
      assertThat(spec.path("flinkVersion").asText()).isEqualTo("v2_2");
      JsonNode job = spec.path("job");
      assertThat(job.path("upgradeMode").asText()).isEqualTo("savepoint");
      assertThat(job.path("state").asText()).isEqualTo("running");
      String entry = job.path("entryClass").asText();
      Class<?> main = Class.forName(entry);
      assertThat(main.getMethod("main", String[].class)).isNotNull();
      String name = (String) main.getField("NAME").get(null);
      jobs.add(name);
      assertThat(job.path("jarURI").asText())
          .isEqualTo("local:///opt/flink/usrlib/" + name + "-0.1.0-SNAPSHOT-job.jar");
      assertThat(spec.path("jobManager").path("resource").path("memory").asText()).isNotEmpty();
      assertThat(spec.path("taskManager").path("resource").path("memory").asText()).isNotEmpty();
    }
    assertThat(jobs)
        .containsExactlyInAnyOrderElementsOf(
            PipelineJobs.ALL.stream().map(PipelineJobs.Job::name).toList());
  }

  @Test
  void everyFlinkSettingIsARealOptionAndMatchesWhatTheJobsAssume() throws Exception {
    Set<String> known = new HashSet<>();
    for (Class<?> c :
        List.of(
            CheckpointingOptions.class,
            StateBackendOptions.class,
            PipelineOptions.class,
            HighAvailabilityOptions.class,
            RestartStrategyOptions.class,
            TaskManagerOptions.class,
            org.apache.flink.configuration.WebOptions.class)) {
      for (Field f : c.getFields()) {
        if (Modifier.isStatic(f.getModifiers()) && f.getType() == ConfigOption.class) {
          ConfigOption<?> o = (ConfigOption<?>) f.get(null);
          known.add(o.key());
          for (FallbackKey k : o.fallbackKeys()) {
            known.add(k.getKey());
          }
        }
      }
    }
    for (JsonNode d : deployments()) {
      JsonNode conf = d.path("spec").path("flinkConfiguration");
      conf.fieldNames()
          .forEachRemaining(
              key -> {
                if (!key.startsWith("metrics.reporter.")) {
                  assertThat(known)
                      .as("%s in %s", key, d.path("metadata").path("name"))
                      .contains(key);
                }
              });
      assertThat(conf.path("pipeline.max-parallelism").asInt())
          .isEqualTo(Pipelines.MAX_PARALLELISM);
      assertThat(conf.path("pipeline.auto-generate-uids").asText()).isEqualTo("false");
      assertThat(conf.path("pipeline.generic-types").asText()).isEqualTo("false");
      assertThat(conf.path("state.backend.type").asText()).isEqualTo("rocksdb");
      assertThat(conf.path("metrics.reporter.prom.port").asText()).isEqualTo("9249");
      assertThat(conf.path("web.submit.enable").asText()).isEqualTo("false");
      assertThat(conf.path("web.cancel.enable").asText()).isEqualTo("false");
      assertThat(
              d.path("spec")
                  .path("podTemplate")
                  .path("metadata")
                  .path("labels")
                  .path("app.kubernetes.io/part-of")
                  .asText())
          .as("the network policy selects the pods by this label")
          .isEqualTo("flink-trader");
    }
  }

  @Test
  void theRestApiIsOpenOnlyToTheOperatorAndMetricsOnlyToMonitoring() throws Exception {
    JsonNode policy = YAML.readTree(DIR.resolve("network-policy.yaml").toFile());
    assertThat(policy.path("kind").asText()).isEqualTo("NetworkPolicy");
    assertThat(
            policy
                .path("spec")
                .path("podSelector")
                .path("matchLabels")
                .path("app.kubernetes.io/part-of")
                .asText())
        .isEqualTo("flink-trader");
    java.util.Map<Integer, String> openTo = new java.util.HashMap<>();
    for (JsonNode rule : policy.path("spec").path("ingress")) {
      JsonNode from = rule.path("from").get(0);
      if (rule.has("ports")) {
        for (JsonNode port : rule.path("ports")) {
          openTo.put(
              port.path("port").asInt(),
              from.path("namespaceSelector")
                  .path("matchLabels")
                  .path("kubernetes.io/metadata.name")
                  .asText());
        }
      } else {
        // A rule without ports must come only from the jobs' own pods.
        assertThat(
                from.path("podSelector")
                    .path("matchLabels")
                    .path("app.kubernetes.io/part-of")
                    .asText())
            .isEqualTo("flink-trader");
        assertThat(from.has("namespaceSelector")).isFalse();
      }
    }
    assertThat(openTo)
        .containsOnly(
            java.util.Map.entry(8081, "flink-operator"), java.util.Map.entry(9249, "monitoring"));
  }

  @Test
  void theDatabasePasswordComesFromASecretAndNeverFromTheManifest() throws Exception {
    for (JsonNode d : deployments()) {
      JsonNode env =
          d.path("spec").path("podTemplate").path("spec").path("containers").get(0).path("env");
      boolean fromSecret = false;
      for (JsonNode e : env) {
        if (e.path("name").asText().equals("TRADING_DB_PASSWORD")) {
          assertThat(e.has("value")).isFalse();
          assertThat(e.path("valueFrom").path("secretKeyRef").path("name").asText())
              .isEqualTo("trading-db");
          fromSecret = true;
        }
      }
      assertThat(fromSecret).isTrue();
    }
  }

  @Test
  void theGpuVariantDeclaresItsGpuThroughTheExternalResourceFramework() throws Exception {
    JsonNode d = YAML.readTree(DIR.resolve("gpu/inference-gpu.yaml").toFile());
    JsonNode conf = d.path("spec").path("flinkConfiguration");
    String gpu = "gpu";
    assertThat(
            conf.path(
                    org.apache.flink.configuration.ExternalResourceOptions.EXTERNAL_RESOURCE_LIST
                        .key())
                .asText())
        .isEqualTo(gpu);
    assertThat(
            conf.path(
                    org.apache.flink.configuration.ExternalResourceOptions
                        .getAmountConfigOptionForResource(gpu))
                .asInt())
        .isEqualTo(1);
    assertThat(
            conf.path(
                    org.apache.flink.configuration.ExternalResourceOptions
                        .getExternalResourceDriverFactoryConfigOptionForResource(gpu))
                .asText())
        .isEqualTo("org.apache.flink.externalresource.gpu.GPUDriverFactory");
    assertThat(
            conf.path(
                    org.apache.flink.configuration.ExternalResourceOptions
                            .getExternalResourceParamConfigPrefixForResource(gpu)
                        + "discovery-script.path")
                .asText())
        .endsWith("nvidia-gpu-discovery.sh");
    assertThat(
            conf.path(
                    org.apache.flink.configuration.ExternalResourceOptions
                        .getSystemConfigKeyConfigOptionForResource(gpu, "kubernetes.config-key"))
                .asText())
        .isEqualTo("nvidia.com/gpu");
    assertThat(d.path("spec").path("job").path("entryClass").asText())
        .isEqualTo("io.github.flinktrader.inference.InferenceJob");
    assertThat(d.path("spec").path("job").path("upgradeMode").asText()).isEqualTo("savepoint");
  }
}
