package io.infra.arl.testing.kube;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The PEM files a test apiserver needs, generated fresh per cluster in its work directory: a CA, a
 * serving certificate for 127.0.0.1/localhost, an admin client certificate in group {@code
 * system:masters}, and the service-account signing key pair.
 *
 * <p>Generated in-process with BouncyCastle (already on the classpath through client-java) rather
 * than by shelling out to {@code openssl}: no extra tool on the machine, and EC P-256 keys take
 * microseconds.
 *
 * @param caCert the CA certificate (clients trust it; the apiserver verifies client certs with it)
 * @param serverCert the apiserver serving certificate
 * @param serverKey its private key
 * @param adminCert the admin client certificate ({@code O=system:masters})
 * @param adminKey its private key
 * @param serviceAccountKey the service-account token signing key
 * @param serviceAccountPublicKey the matching public key the apiserver verifies tokens with
 */
public record KubePki(
    Path caCert,
    Path serverCert,
    Path serverKey,
    Path adminCert,
    Path adminKey,
    Path serviceAccountKey,
    Path serviceAccountPublicKey) {

  /** The admin user's name; RBAC sees it in group {@code system:masters}. */
  public static final String ADMIN_USER = "arl-test-admin";

  private static final Duration VALIDITY = Duration.ofDays(7);
  private static final String SIGNATURE = "SHA256withECDSA";

  /** Generates every key and certificate into {@code dir} (created if missing). */
  public static KubePki create(Path dir) {
    try {
      Files.createDirectories(dir);
      KeyPair ca = newKeyPair();
      X500Name caName = new X500Name("CN=arl-test-ca");
      X509Certificate caCert = caCertificate(caName, ca);
      KeyPair server = newKeyPair();
      KeyPair admin = newKeyPair();
      KeyPair serviceAccount = newKeyPair();
      KubePki pki =
          new KubePki(
              dir.resolve("ca.crt"),
              dir.resolve("apiserver.crt"),
              dir.resolve("apiserver.key"),
              dir.resolve("admin.crt"),
              dir.resolve("admin.key"),
              dir.resolve("service-account.key"),
              dir.resolve("service-account.pub"));
      write(pki.caCert, pem(caCert));
      write(pki.serverCert, pem(leaf(caName, ca, "CN=kube-apiserver", server, serverUsage())));
      write(pki.serverKey, pemPkcs8(server.getPrivate()));
      String adminSubject = "CN=" + ADMIN_USER + ",O=system:masters";
      write(pki.adminCert, pem(leaf(caName, ca, adminSubject, admin, clientUsage())));
      write(pki.adminKey, pemPkcs8(admin.getPrivate()));
      write(pki.serviceAccountKey, pemPkcs8(serviceAccount.getPrivate()));
      write(pki.serviceAccountPublicKey, pem(serviceAccount.getPublic()));
      return pki;
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("Could not generate the test cluster's certificates", e);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write certificates to " + dir, e);
    }
  }

  private static KeyPair newKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  private static X509Certificate caCertificate(X500Name name, KeyPair ca)
      throws GeneralSecurityException, OperatorCreationException, IOException {
    X509v3CertificateBuilder builder = builder(name, name, ca);
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    builder.addExtension(
        Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    return sign(builder, ca.getPrivate());
  }

  private static X509Certificate leaf(
      X500Name issuer, KeyPair ca, String subject, KeyPair leaf, LeafUsage usage)
      throws GeneralSecurityException, OperatorCreationException, IOException {
    X509v3CertificateBuilder builder = builder(issuer, new X500Name(subject), leaf);
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    builder.addExtension(
        Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
    builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(usage.purpose()));
    builder.addExtension(
        Extension.authorityKeyIdentifier,
        false,
        new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca.getPublic()));
    if (usage.names() != null) {
      builder.addExtension(Extension.subjectAlternativeName, false, usage.names());
    }
    return sign(builder, ca.getPrivate());
  }

  private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys)
      throws GeneralSecurityException, IOException {
    // Backdated a minute so a certificate is valid at once even if clocks disagree by a little.
    Instant notBefore = Instant.now().minus(Duration.ofMinutes(1));
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            issuer,
            new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE),
            Date.from(notBefore),
            Date.from(notBefore.plus(VALIDITY)),
            subject,
            keys.getPublic());
    builder.addExtension(
        Extension.subjectKeyIdentifier,
        false,
        new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
    return builder;
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
      throws GeneralSecurityException, OperatorCreationException {
    return new JcaX509CertificateConverter()
        .getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(signer)));
  }

  private static LeafUsage serverUsage() {
    GeneralNames names =
        new GeneralNames(
            new GeneralName[] {
              new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
              new GeneralName(GeneralName.dNSName, "localhost"),
              new GeneralName(GeneralName.dNSName, "kubernetes"),
              new GeneralName(GeneralName.dNSName, "kubernetes.default"),
              new GeneralName(GeneralName.dNSName, "kubernetes.default.svc"),
            });
    return new LeafUsage(KeyPurposeId.id_kp_serverAuth, names);
  }

  private static LeafUsage clientUsage() {
    return new LeafUsage(KeyPurposeId.id_kp_clientAuth, null);
  }

  private static String pem(Object object) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    }
    return out.toString();
  }

  private static String pemPkcs8(PrivateKey key) throws IOException {
    return pem(new JcaPKCS8Generator(key, null));
  }

  private static void write(Path file, String content) throws IOException {
    Files.writeString(file, content);
  }

  private record LeafUsage(KeyPurposeId purpose, GeneralNames names) {}
}
