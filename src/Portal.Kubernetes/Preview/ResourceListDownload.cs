using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using k8s;
using Portal.Application.Abstractions.Clusters;

namespace Portal.Kubernetes.Preview;

/// <summary>
/// Fetches the short-lived URL Velero hands out for a download (a pre-signed object-storage URL), guarded: only http
/// and https; every connection goes through <see cref="ServerAddressGuard"/> (no link-local or metadata addresses,
/// checked at connect time against DNS rebinding); no redirects; a time limit and a size limit. TLS trusts the system's
/// roots and the cluster's own CA (object storage inside the cluster, such as MinIO, is often signed by it).
/// </summary>
internal static class ResourceListDownload
{
    public static async Task<IReadOnlyDictionary<BackupKind, IReadOnlyList<string>>> FetchAsync(ClusterConnection cluster, string url,
        KubernetesGatewayOptions options, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            throw new ClusterAccessException(ClusterFault.Invalid,
                $"Velero on {cluster} handed out a download address that is not http(s) ('{Shown(url)}'); the portal does not follow it.");
        var extraRoots = ClusterRoots(cluster);
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = ServerAddressGuard.ConnectAsync,
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
        };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) => Trusted(certificate, chain, errors, extraRoots);
        using var http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(options.ResourceListFetchTimeout);
        var where = $"{uri.Scheme}://{uri.Authority}";
        try
        {
            using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, limit.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                throw new ClusterAccessException(ClusterFault.ServerError,
                    $"The backup's resource list could not be fetched from {where}: it answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            if (response.Content.Headers.ContentLength is { } length && length > options.ResourceListMaxBytes)
                throw new ClusterAccessException(ClusterFault.Invalid,
                    $"The backup's resource list at {where} is {length / (1024 * 1024)} MiB, more than the portal reads ({options.ResourceListMaxBytes / (1024 * 1024)} MiB).");
            await using var body = await response.Content.ReadAsStreamAsync(limit.Token).ConfigureAwait(false);
            // Parsed from a bounded copy: the unzipped size is bounded by the parser, the zipped one here.
            using var copy = new MemoryStream();
            var buffer = new byte[81920];
            int n;
            while ((n = await body.ReadAsync(buffer, limit.Token).ConfigureAwait(false)) > 0)
            {
                if (copy.Length + n > options.ResourceListMaxBytes)
                    throw new ClusterAccessException(ClusterFault.Invalid,
                        $"The backup's resource list at {where} is larger than the portal reads ({options.ResourceListMaxBytes / (1024 * 1024)} MiB).");
                copy.Write(buffer, 0, n);
            }

            copy.Position = 0;
            return BackupResourceListParser.Parse(copy, options.ResourceListMaxBytes * 8);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new ClusterAccessException(ClusterFault.Timeout,
                $"Fetching the backup's resource list from {where} took longer than {options.ResourceListFetchTimeout.TotalSeconds:0} s.");
        }
        catch (HttpRequestException e)
        {
            throw new ClusterAccessException(ClusterFault.Unreachable,
                $"The backup's resource list could not be fetched from {where}: {e.InnerException?.Message ?? e.Message}.", e);
        }
        catch (FormatException e)
        {
            throw new ClusterAccessException(ClusterFault.Invalid,
                $"The backup's resource list from {where} is not in Velero's format: {e.Message}.", e);
        }
    }

    private static X509Certificate2Collection ClusterRoots(ClusterConnection cluster)
    {
        try
        {
            var read = KubeconfigReader.Read(cluster.Kubeconfig);
            return KubernetesClientConfiguration.BuildConfigFromConfigObject(read.Model, read.ContextName).SslCaCerts ?? [];
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return []; // no CA of its own in the kubeconfig: the system's roots only
        }
    }

    private static bool Trusted(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors, X509Certificate2Collection extraRoots)
    {
        if (errors == SslPolicyErrors.None) return true;
        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null || extraRoots.Count == 0) return false;
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(extraRoots);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements) custom.ChainPolicy.ExtraStore.Add(element.Certificate);
        }

        return custom.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }

    /// <summary>The address without its query (a pre-signed URL's signature stays out of messages and logs).</summary>
    private static string Shown(string url)
    {
        var q = url.IndexOf('?', StringComparison.Ordinal);
        var s = q < 0 ? url : url[..q];
        return s.Length <= 120 ? s : s[..120] + "…";
    }
}
