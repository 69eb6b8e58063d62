package io.infra.arl.sidecar;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(
    packages = "io.infra.arl.sidecar",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  /** The domain (files, processes, fencing, failures) knows nothing of gRPC or the contract. */
  @ArchTest
  static final ArchRule domainIsTransportFree =
      noClasses()
          .that()
          .resideInAnyPackage(
              "..sidecar.fs..", "..sidecar.process..", "..sidecar.fence..", "..sidecar.failure..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.grpc..", "io.netty..", "io.infra.arl.api..", "com.google.protobuf..");

  @ArchTest
  static final ArchRule noPackageCycles =
      slices().matching("io.infra.arl.sidecar.(*)..").should().beFreeOfCycles();
}
