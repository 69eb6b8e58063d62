package io.infra.arl.lease;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class LeaseArchitectureTest {

  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
          .importPackages("io.infra.arl.lease");

  @Test
  void contractAndInMemoryStoreUseNoClientLibrary() {
    noClasses()
        .that()
        .resideInAnyPackage("io.infra.arl.lease", "io.infra.arl.lease.memory")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.lettuce..", "io.netty..", "io.grpc..", "io.micronaut..")
        .check(MAIN);
  }

  @Test
  void noLeaseCodeDependsOnMicronaut() {
    noClasses().should().dependOnClassesThat().resideInAPackage("io.micronaut..").check(MAIN);
  }

  @Test
  void implementationsDoNotDependOnEachOther() {
    noClasses()
        .that()
        .resideInAPackage("io.infra.arl.lease.memory")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.infra.arl.lease.redis")
        .check(MAIN);
    noClasses()
        .that()
        .resideInAPackage("io.infra.arl.lease.redis")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.infra.arl.lease.memory")
        .check(MAIN);
  }
}
