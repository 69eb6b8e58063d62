package io.infra.arl.loadtest;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The report model is pure: it formats what the scenarios measured and talks to nothing. */
class ArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.infra.arl.loadtest");

  @Test
  void theReportImportsNoClientLibrary() {
    noClasses()
        .that()
        .resideInAPackage("..loadtest.report..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.grpc..",
            "io.kubernetes..",
            "io.lettuce..",
            "io.infra.arl.testing..",
            "com.google.gson..")
        .check(CLASSES);
  }

  @Test
  void onlyTheScenariosAndTheSuiteStartServers() {
    noClasses()
        .that()
        .resideInAnyPackage("..loadtest.openloop..", "..loadtest.report..", "..loadtest.tools..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("..loadtest.stack..", "..loadtest.scenario..")
        .check(CLASSES);
  }
}
