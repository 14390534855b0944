using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Portal.Kubernetes.Tests.Support;

/// <summary>Throw-away certificates for kubeconfig tests (generated in memory, never trusted by anything).</summary>
public static class TestCertificates
{
    private static readonly Lazy<(string CertPem, string KeyPem)> Pair = new(() =>
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=portal-test", key, HashAlgorithmName.SHA256);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return (cert.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    });

    public static string CertPem => Pair.Value.CertPem;
    public static string KeyPem => Pair.Value.KeyPem;
    public static string CertBase64 => Convert.ToBase64String(Encoding.UTF8.GetBytes(CertPem));
    public static string KeyBase64 => Convert.ToBase64String(Encoding.UTF8.GetBytes(KeyPem));
}

/// <summary>Builds kubeconfig YAML for tests, one knob per way a pasted kubeconfig can be wrong.</summary>
public sealed record KubeconfigText(
    string? Server = "https://api.example.test:6443",
    string? CaData = "<ca>",
    bool InsecureSkipTlsVerify = false,
    string? Token = "abc.def",
    string? ClientCertData = null,
    string? ClientKeyData = null,
    string? CurrentContext = "ctx",
    bool IncludeContexts = true,
    bool IncludeClusters = true,
    string? ExecCommand = null)
{
    public override string ToString()
    {
        var sb = new StringBuilder("apiVersion: v1\nkind: Config\n");
        if (IncludeClusters)
        {
            sb.Append("clusters:\n- name: c1\n  cluster:\n");
            if (Server is not null) sb.Append($"    server: {Server}\n");
            var ca = CaData == "<ca>" ? TestCertificates.CertBase64 : CaData;
            if (ca is not null) sb.Append($"    certificate-authority-data: {ca}\n");
            if (InsecureSkipTlsVerify) sb.Append("    insecure-skip-tls-verify: true\n");
        }

        if (IncludeContexts)
        {
            sb.Append("contexts:\n- name: ctx\n  context:\n    cluster: c1\n    user: u1\n");
        }

        if (CurrentContext is not null) sb.Append($"current-context: {CurrentContext}\n");
        sb.Append("users:\n- name: u1\n  user:\n");
        if (Token is not null) sb.Append($"    token: {Token}\n");
        if (ClientCertData is not null) sb.Append($"    client-certificate-data: {ClientCertData}\n");
        if (ClientKeyData is not null) sb.Append($"    client-key-data: {ClientKeyData}\n");
        if (ExecCommand is not null) sb.Append($"    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: {ExecCommand}\n");
        if (Token is null && ClientCertData is null && ClientKeyData is null && ExecCommand is null) sb.Append("    {}\n");
        return sb.ToString();
    }
}
