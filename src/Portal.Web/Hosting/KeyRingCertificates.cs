using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Portal.Web.Hosting;

/// <summary>The certificate that encrypts the Data Protection key ring in the database, from outside the database:
/// DataProtection:Certificate:Path (a PFX, with DataProtection:Certificate:Password, or a PEM certificate with
/// DataProtection:Certificate:KeyPath, as a Kubernetes TLS Secret mounts them as tls.crt and tls.key), and, after a
/// rotation, DataProtection:PreviousCertificates:N:Path/KeyPath/Password for keys written before it.</summary>
public static class KeyRingCertificates
{
    public const string Section = "DataProtection:Certificate";

    public static (X509Certificate2 Current, IReadOnlyList<X509Certificate2> Previous) Load(IConfiguration config, IHostEnvironment env, string devFolder)
    {
        var section = config.GetSection(Section);
        X509Certificate2 current;
        if (!string.IsNullOrWhiteSpace(section["Path"])) current = FromSection(section);
        else if (env.IsDevelopment()) current = DevelopmentCertificate(devFolder);
        // `--migrate` only applies the schema and never touches the key ring; the migration Job needs no certificate.
        else if (Environment.GetCommandLineArgs().Contains("--migrate")) current = Throwaway();
        else
            throw new InvalidOperationException(
                "No certificate protects the Data Protection key ring, which encrypts every stored cluster credential. " +
                "Set DataProtection__Certificate__Path (and __KeyPath for a PEM key, or __Password for a PFX), for example " +
                "to a Kubernetes TLS Secret mounted read-only; see deploy/README.md, \"Key-ring certificate\".");
        var previous = config.GetSection("DataProtection:PreviousCertificates").GetChildren().Select(FromSection).ToList();
        return (current, previous);
    }

    private static X509Certificate2 FromSection(IConfigurationSection s)
    {
        var path = s["Path"] ?? throw new InvalidOperationException($"{s.Path}:Path is not set.");
        if (!File.Exists(path)) throw new InvalidOperationException($"The key-ring certificate {path} ({s.Path}:Path) does not exist.");
        var cert = !string.IsNullOrWhiteSpace(s["KeyPath"])
            ? X509Certificate2.CreateFromPemFile(path, s["KeyPath"])
            : X509CertificateLoader.LoadPkcs12FromFile(path, s["Password"], X509KeyStorageFlags.EphemeralKeySet);
        if (!cert.HasPrivateKey) throw new InvalidOperationException($"The key-ring certificate {path} has no private key; the portal could not read its own keys.");
        return cert;
    }

    private static X509Certificate2 Throwaway()
    {
        using var rsa = RSA.Create(2048);
        return new CertificateRequest("CN=unused", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1));
    }

    /// <summary>Development only: a self-signed certificate made once next to the embedded database, readable by its owner only.</summary>
    private static X509Certificate2 DevelopmentCertificate(string folder)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "keyring-development.pfx");
        if (File.Exists(path)) return X509CertificateLoader.LoadPkcs12FromFile(path, null, X509KeyStorageFlags.EphemeralKeySet);
        using var rsa = RSA.Create(3072);
        var request = new CertificateRequest("CN=portal key ring (development)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(10));
        File.WriteAllBytes(path, made.Export(X509ContentType.Pfx));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return X509CertificateLoader.LoadPkcs12FromFile(path, null, X509KeyStorageFlags.EphemeralKeySet);
    }
}
