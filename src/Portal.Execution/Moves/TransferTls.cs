using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Portal.Moves.Transfer;

namespace Portal.Execution.Moves;

/// <summary>
/// The TLS the rsync copy runs in, as Crane wraps its transfers in stunnel: a certificate authority made for one copy,
/// and a server certificate it signs for the receiver. The sender trusts only that authority and checks the name, so
/// the claim's data crosses between the clusters encrypted, to the receiver and nobody else. Nothing is reused: every
/// copy has its own pair, removed with the copy's Secrets.
/// </summary>
internal static class TransferTls
{
    /// <summary>The name in the receiver's certificate; the sender checks it (the address is the LoadBalancer's).</summary>
    public const string ServerName = "portal-rsync-transfer";

    public static RsyncTls Create(DateTimeOffset now)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=portal rsync transfer CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(7));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest($"CN={ServerName}", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(ServerName);
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var server = serverRequest.Create(ca, now.AddMinutes(-5), now.AddDays(7), RandomNumberGenerator.GetBytes(16));

        return new RsyncTls(ca.ExportCertificatePem(), server.ExportCertificatePem(), serverKey.ExportPkcs8PrivateKeyPem());
    }
}
