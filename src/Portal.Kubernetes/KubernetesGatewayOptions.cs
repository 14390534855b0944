namespace Portal.Kubernetes;

/// <summary>Timeouts and watch pacing of the Kubernetes adapter. The defaults suit production; tests shorten them.</summary>
public sealed class KubernetesGatewayOptions
{
    /// <summary>Upper bound of one ordinary API call (GET, LIST, POST). Watches are not bound by it:
    /// KubernetesClient lifts its per-request timeout for <c>watch=true</c> requests.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Asked of the server for each watch connection (<c>timeoutSeconds</c>); the server then ends the
    /// stream cleanly and the adapter reconnects from the last resourceVersion it saw.</summary>
    public int WatchTimeoutSeconds { get; set; } = 300;

    /// <summary>Unit of the reconnect backoff: attempt n waits <c>base × 2^min(n,5)</c> plus up to one base of jitter.</summary>
    public TimeSpan WatchBackoffBase { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Consecutive failed reconnects after which the watch gives up and throws the last (transient) error.</summary>
    public int WatchMaxConsecutiveFailures { get; set; } = 12;

    /// <summary>How long a client built from a replaced kubeconfig lives on before it is disposed, so calls
    /// already running on it can finish.</summary>
    public TimeSpan RetiredClientGracePeriod { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long what discovery found on a cluster (which kinds it serves, at which path) is reused. A kind that
    /// is not found reads discovery again at once, so a CRD installed meanwhile is found anyway.</summary>
    public TimeSpan DiscoveryCacheDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many discovery documents or resource lists the migration gateway reads at the same time (a
    /// namespace export lists every namespaced type the cluster serves, often a hundred or more).</summary>
    public int ListParallelism { get; set; } = 4;

    /// <summary>How long the portal waits for Velero to process a DownloadRequest (a backup's resource list for a
    /// restore preview) before it says so.</summary>
    public TimeSpan DownloadRequestTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Upper bound of fetching the file a DownloadRequest points to.</summary>
    public TimeSpan ResourceListFetchTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest (gzipped) resource list the portal fetches; unzipped it may be eight times that.</summary>
    public long ResourceListMaxBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>How many backups' resource lists are kept in memory (a finished backup's list never changes).</summary>
    public int ResourceListCacheSize { get; set; } = 64;
}
