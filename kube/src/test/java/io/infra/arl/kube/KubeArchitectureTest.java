package io.infra.arl.kube;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The shared module stays a model: no API calls (except typed clients), no gRPC, no Redis. */
@AnalyzeClasses(
    packages = "io.infra.arl.kube",
    importOptions = ImportOption.DoNotIncludeTests.class)
class KubeArchitectureTest {

  @ArchTest
  static final ArchRule noClientLibraries =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.kubernetes.client.openapi.apis..", "io.grpc..", "io.lettuce..", "io.micronaut..");
}
