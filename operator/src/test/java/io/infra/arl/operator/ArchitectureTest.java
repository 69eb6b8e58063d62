package io.infra.arl.operator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Planners compute, reconcilers act: the pure packages import no client library. */
@AnalyzeClasses(
    packages = "io.infra.arl.operator",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule pureModelsAndPlans =
      noClasses()
          .that()
          .resideInAnyPackage("..model..", "..plan..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.kubernetes.client.openapi.apis..",
              "io.kubernetes.client.util..",
              "io.kubernetes.client.informer..",
              "io.kubernetes.client.extended..",
              "io.grpc..",
              "io.lettuce..",
              "io.micronaut..")
          .because("planners must be table-testable without a cluster, a sidecar or Redis");

  @ArchTest
  static final ArchRule onlyTheRuntimeKnowsMicronaut =
      noClasses()
          .that()
          .resideOutsideOfPackages(
              "..operator.runtime..", "..operator.config..", "io.infra.arl.operator")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.micronaut..")
          .because("controllers are plain Java so tests can start several operators in one JVM");
}
