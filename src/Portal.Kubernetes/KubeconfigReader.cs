using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;
using k8s.KubeConfigModels;
using Portal.Application.Abstractions.Clusters;

namespace Portal.Kubernetes;

/// <summary>Reads and checks a kubeconfig pasted by a person, explaining in plain words what is wrong with it.
/// Only self-contained kubeconfigs are accepted: the portal never reads files named in them, and never runs
/// exec or auth-provider plugins on its own servers (both would let a tenant act with the portal's privileges).</summary>
public static class KubeconfigReader
{
    /// <summary>A checked kubeconfig: what the port reports, plus the model KubernetesClient builds a client from.</summary>
    internal sealed record Result(ParsedKubeconfig Parsed, K8SConfiguration Model, string ContextName);

    public static ParsedKubeconfig Parse(string kubeconfig) => Read(kubeconfig).Parsed;

    internal static Result Read(string kubeconfig)
    {
        if (string.IsNullOrWhiteSpace(kubeconfig))
        {
            throw Invalid("The kubeconfig is empty.");
        }

        K8SConfiguration? model;
        try
        {
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(kubeconfig));
            model = KubernetesClientConfiguration.LoadKubeConfig(stream);
        }
        catch (Exception e) when (e is not ClusterAccessException)
        {
            throw Invalid("The kubeconfig is not valid YAML or not a kubeconfig at all " +
                $"({FirstLine(e.Message)}). Paste the whole file, as `kubectl config view --raw --minify --flatten` prints it.");
        }

        if (model is null)
        {
            throw Invalid("The kubeconfig is not valid YAML or not a kubeconfig at all.");
        }

        var clusters = model.Clusters?.Where(c => c is not null).ToList() ?? [];
        var contexts = model.Contexts?.Where(c => c is not null).ToList() ?? [];
        var users = model.Users?.Where(u => u is not null).ToList() ?? [];
        if (clusters.Count == 0)
        {
            throw Invalid("The kubeconfig names no clusters (its 'clusters:' list is missing or empty).");
        }

        if (contexts.Count == 0)
        {
            throw Invalid("The kubeconfig has no contexts, so it does not say which cluster and which user belong together.");
        }

        Context context;
        if (string.IsNullOrWhiteSpace(model.CurrentContext))
        {
            if (contexts.Count > 1)
            {
                throw Invalid("The kubeconfig has no current-context and several contexts " +
                    $"({string.Join(", ", contexts.Select(c => c.Name))}); set current-context to the one the portal should use.");
            }

            context = contexts[0];
        }
        else
        {
            context = contexts.FirstOrDefault(c => c.Name == model.CurrentContext)
                ?? throw Invalid($"The kubeconfig's current-context '{model.CurrentContext}' is not one of its contexts " +
                    $"({string.Join(", ", contexts.Select(c => c.Name))}).");
        }

        var clusterName = context.ContextDetails?.Cluster;
        var cluster = clusters.FirstOrDefault(c => c.Name == clusterName)
            ?? throw Invalid($"Context '{context.Name}' refers to cluster '{clusterName}', which the kubeconfig does not define.");
        var userName = context.ContextDetails?.User;
        var user = users.FirstOrDefault(u => u.Name == userName)
            ?? throw Invalid($"Context '{context.Name}' refers to user '{userName}', which the kubeconfig does not define.");

        var endpoint = cluster.ClusterEndpoint;
        var server = endpoint?.Server?.Trim();
        if (string.IsNullOrEmpty(server))
        {
            throw Invalid($"Cluster '{cluster.Name}' has no server URL (clusters[].cluster.server).");
        }

        if (!Uri.TryCreate(server, UriKind.Absolute, out var serverUri)
            || (serverUri.Scheme != Uri.UriSchemeHttps && serverUri.Scheme != Uri.UriSchemeHttp)
            || string.IsNullOrEmpty(serverUri.Host))
        {
            throw Invalid($"Cluster '{cluster.Name}' has server '{server}', which is not an https:// URL of an API server.");
        }

        var skipTls = endpoint!.SkipTlsVerify;
        if (!string.IsNullOrEmpty(endpoint.CertificateAuthority))
        {
            throw Invalid($"Cluster '{cluster.Name}' points to a certificate-authority file on disk, which the portal cannot read. " +
                "Embed the certificate as certificate-authority-data (`kubectl config view --raw --minify --flatten` does that).");
        }

        if (!string.IsNullOrWhiteSpace(endpoint.CertificateAuthorityData))
        {
            CheckPemCertificates(endpoint.CertificateAuthorityData, $"Cluster '{cluster.Name}' certificate-authority-data");
        }
        else if (serverUri.Scheme == Uri.UriSchemeHttps && !skipTls)
        {
            throw Invalid($"Cluster '{cluster.Name}' has no certificate-authority-data, so the portal cannot check that it talks " +
                "to the real API server. Add the cluster's CA certificate (or, for a throw-away test cluster only, insecure-skip-tls-verify: true).");
        }

        var credentials = user.UserCredentials;
        if (credentials?.ExternalExecution is { } exec)
        {
            throw Invalid($"User '{user.Name}' gets its credential from an exec plugin ('{exec.Command}'), which the portal does not run " +
                "on its servers. Use a service-account token or a client certificate instead.");
        }

        if (credentials?.AuthProvider is { } provider)
        {
            throw Invalid($"User '{user.Name}' uses the '{provider.Name}' auth-provider plugin, which the portal does not support. " +
                "Use a service-account token or a client certificate instead.");
        }

        if (!string.IsNullOrEmpty(credentials?.ClientCertificate) || !string.IsNullOrEmpty(credentials?.ClientKey))
        {
            throw Invalid($"User '{user.Name}' points to a client certificate or key file on disk, which the portal cannot read. " +
                "Embed them as client-certificate-data and client-key-data.");
        }

        var hasToken = !string.IsNullOrWhiteSpace(credentials?.Token);
        var hasCert = !string.IsNullOrWhiteSpace(credentials?.ClientCertificateData);
        var hasKey = !string.IsNullOrWhiteSpace(credentials?.ClientKeyData);
        if (hasCert != hasKey)
        {
            throw Invalid(hasCert
                ? $"User '{user.Name}' has client-certificate-data but no client-key-data; a client certificate needs its key."
                : $"User '{user.Name}' has client-key-data but no client-certificate-data; a client key needs its certificate.");
        }

        if (hasCert)
        {
            CheckPemCertificates(credentials!.ClientCertificateData, $"User '{user.Name}' client-certificate-data");
            CheckPemKey(credentials.ClientKeyData, $"User '{user.Name}' client-key-data");
        }

        if (!hasToken && !hasCert)
        {
            throw Invalid(!string.IsNullOrEmpty(credentials?.UserName)
                ? $"User '{user.Name}' signs in with a username and password, which Kubernetes no longer accepts. Use a service-account token or a client certificate."
                : $"User '{user.Name}' has no credential: the portal needs a token, or client-certificate-data with client-key-data.");
        }

        var parsed = new ParsedKubeconfig(server, hasToken, hasCert, skipTls, context.Name);
        return new Result(parsed, model, context.Name);
    }

    private static void CheckPemCertificates(string base64, string what)
    {
        var text = DecodeBase64(base64, what);
        if (!text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
        {
            throw Invalid($"{what} is base64 but does not hold a PEM certificate (-----BEGIN CERTIFICATE-----).");
        }

        try
        {
            var collection = new X509Certificate2Collection();
            collection.ImportFromPem(text);
            if (collection.Count == 0)
            {
                throw Invalid($"{what} holds no certificate.");
            }

            foreach (var cert in collection)
            {
                cert.Dispose();
            }
        }
        catch (CryptographicException e)
        {
            throw Invalid($"{what} holds a PEM block that is not a readable certificate ({FirstLine(e.Message)}).");
        }
    }

    private static void CheckPemKey(string base64, string what)
    {
        var text = DecodeBase64(base64, what);
        if (!text.Contains("-----BEGIN", StringComparison.Ordinal) || !text.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            throw Invalid($"{what} is base64 but does not hold a PEM private key (-----BEGIN … PRIVATE KEY-----).");
        }
    }

    private static string DecodeBase64(string base64, string what)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64.Trim()));
        }
        catch (FormatException)
        {
            throw Invalid($"{what} is not valid base64.");
        }
    }

    private static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        return line.Length > 200 ? line[..200] + "…" : line;
    }

    private static ClusterAccessException Invalid(string message) => new(ClusterFault.Invalid, message);
}
