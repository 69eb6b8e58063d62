package io.infra.arl.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Package rules from STYLE.md that the compiler cannot check. */
class ArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.infra.arl.gateway");

  @Test
  void domainPackagesDoNotTalkToClientLibraries() {
    noClasses()
        .that()
        .resideInAnyPackage("..gateway.failure..", "..gateway.pool..", "..gateway.claim..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.grpc..", "io.lettuce..", "io.kubernetes.client.openapi.apis..")
        .check(CLASSES);
  }

  @Test
  void onlyTheApiPackageMapsFailuresToStatuses() {
    noClasses()
        .that()
        .resideOutsideOfPackages(
            "..gateway.api..",
            "..gateway.session..",
            "..gateway.sidecar..",
            "..gateway.auth..",
            "..gateway.exec..")
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("io.grpc.Status")
        .check(CLASSES);
  }

  @Test
  void noDumpingGroundPackages() {
    noClasses()
        .should()
        .resideInAnyPackage("..util..", "..common..", "..helper..", "..helpers..")
        .check(CLASSES);
  }
}
