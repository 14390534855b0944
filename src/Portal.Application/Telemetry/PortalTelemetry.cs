using System.Diagnostics;
using System.Diagnostics.Metrics;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Requests;

namespace Portal.Application.Telemetry;

/// <summary>
/// Every trace source and metric of the portal, in one place. One <see cref="ActivitySource"/> per layer a request
/// crosses (use case -> queue -> executor -> cluster call), all carrying the request id as <see cref="Tags.RequestId"/>,
/// and one <see cref="Meter"/>. Nothing here needs the OpenTelemetry SDK: the host decides whether anything listens
/// (Portal.Web's <c>AddPortalTelemetry</c>), and without a listener every call below costs next to nothing.
/// </summary>
/// <remarks>The executor's trace does not link to the submitting use case's trace (that would need the trace parent
/// stored with the request); the two meet on <see cref="Tags.RequestId"/>.</remarks>
public static class PortalTelemetry
{
    public const string UseCaseSourceName = "Portal.UseCases";
    public const string QueueSourceName = "Portal.Queue";
    public const string ExecutionSourceName = "Portal.Execution";
    public const string KubernetesSourceName = "Portal.Kubernetes";
    public const string MeterName = "Portal";

    /// <summary>What a tracer provider must listen to (the host and the tests use this list, so none is forgotten).</summary>
    public static IReadOnlyList<string> SourceNames { get; } = [UseCaseSourceName, QueueSourceName, ExecutionSourceName, KubernetesSourceName];

    public static readonly ActivitySource UseCases = new(UseCaseSourceName);
    public static readonly ActivitySource Queue = new(QueueSourceName);
    public static readonly ActivitySource Execution = new(ExecutionSourceName);
    public static readonly ActivitySource Kubernetes = new(KubernetesSourceName);
    public static readonly Meter Meter = new(MeterName);

    /// <summary>Attribute names. Metrics never carry the request id (one series per request would be unbounded).</summary>
    public static class Tags
    {
        public const string RequestId = "portal.request.id";
        public const string RequestKind = "portal.request.kind";
        public const string Attempt = "portal.request.attempt";
        public const string Outcome = "portal.run.outcome";
        public const string Worker = "portal.worker";
        public const string UseCase = "portal.use_case";
        public const string Cluster = "portal.cluster.name";
        public const string CallOutcome = "portal.cluster.outcome";
        public const string Fault = "portal.cluster.fault";
        public const string Verb = "portal.k8s.verb";
        public const string Resource = "portal.k8s.resource";
        public const string Namespace = "k8s.namespace.name";
        public const string ObjectName = "portal.k8s.name";
        public const string QueueState = "portal.queue.state";
        public const string RpoStatus = "portal.rpo.status";
    }

    // Buckets in seconds (the SDK's default buckets are meant for milliseconds).
    private static readonly double[] QueueWaitBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];
    private static readonly double[] RunBuckets = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 14400];
    private static readonly double[] CallBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private static readonly Histogram<double> QueueWait = Meter.CreateHistogram<double>("portal.queue.wait", "s",
        "Time from being queued to the first claim by an executor", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = QueueWaitBuckets });
    private static readonly Counter<long> Runs = Meter.CreateCounter<long>("portal.runs", "{run}",
        "Executor runs of a request (one per claim), by kind and outcome");
    private static readonly Histogram<double> RunDuration = Meter.CreateHistogram<double>("portal.run.duration", "s",
        "Duration of one executor run of a request (claim to outcome)", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = RunBuckets });
    private static readonly Histogram<double> CallDuration = Meter.CreateHistogram<double>("portal.cluster.call.duration", "s",
        "Latency of one Kubernetes API call, by cluster, verb and outcome", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = CallBuckets });
    private static readonly Counter<long> CallErrors = Meter.CreateCounter<long>("portal.cluster.call.errors", "{call}",
        "Kubernetes API calls that failed, by cluster and fault");
    private static readonly Counter<long> WatchReconnects = Meter.CreateCounter<long>("portal.cluster.watch.reconnects", "{reconnect}",
        "Watch connections opened again after the first (server timeout, 410 Gone, transport failure), by cluster");

    private static readonly GaugeHooks QueueDepthHooks = new();
    private static readonly GaugeHooks ProtectionStatusHooks = new();

    static PortalTelemetry()
    {
        Meter.CreateObservableGauge("portal.queue.depth", QueueDepthHooks.Observe, "{request}",
            "Requests waiting for an executor, by kind and state (queued; retry: released after a transient fault)");
        // Filled by the protection follower: each cluster is reported by the one replica that follows it, so sum across
        // replicas. A cluster nobody follows (no Velero, retired) reports nothing.
        Meter.CreateObservableGauge("portal.namespace.protection.status", ProtectionStatusHooks.Observe, "{namespace}",
            "Namespaces in each protection status (Protected, AtRisk, Unprotected), by cluster");
    }

    // ---- use cases ----

    /// <summary>Starts the span of a use case that puts work on the queue; dispose it when the use case returns. Call it
    /// from the use case's own async method: the span is the current one there only.</summary>
    /// <remarks>Each use case is the root of its own trace, linked to whatever span was current: in Blazor Server that is
    /// the circuit's WebSocket request, which lasts the whole session and would otherwise hold every action of it.</remarks>
    public static Activity? StartUseCase(string useCase, Guid? requestId = null)
    {
        var caller = Activity.Current;
        Activity.Current = null;
        var activity = UseCases.StartActivity(useCase, ActivityKind.Internal, parentContext: default,
            links: caller is null ? null : [new ActivityLink(caller.Context)]);
        if (activity is null)
        {
            Activity.Current = caller; // nobody listens: leave things as they were
            return null;
        }
        activity?.SetTag(Tags.UseCase, useCase);
        if (requestId is { } id) activity?.SetTag(Tags.RequestId, id.ToString());
        return activity;
    }

    /// <summary>Names the request on the current use-case span (the submission learns its id only once it is built).</summary>
    public static void TagRequest(OperationRequest request)
    {
        if (Activity.Current is not { } current || current.Source != UseCases) return;
        current.SetTag(Tags.RequestId, request.Id.ToString());
        current.SetTag(Tags.RequestKind, request.Kind.ToString());
    }

    // ---- queue ----

    /// <summary>The span of one claimed queue item, from the start of the claim to the end of its run.</summary>
    public static Activity? StartClaimed(Guid requestId, string worker, DateTimeOffset claimStartedAt)
    {
        var activity = Queue.StartActivity("queue.process", ActivityKind.Consumer, parentContext: default, startTime: claimStartedAt);
        activity?.SetTag(Tags.RequestId, requestId.ToString());
        activity?.SetTag(Tags.Worker, worker);
        return activity;
    }

    public static void RecordQueueWait(RequestKind kind, TimeSpan wait) =>
        QueueWait.Record(Math.Max(0, wait.TotalSeconds), new KeyValuePair<string, object?>(Tags.RequestKind, kind.ToString()));

    /// <summary>Registers what the queue-depth gauge reports; dispose to stop. Each measurement carries
    /// <see cref="Tags.RequestKind"/> and <see cref="Tags.QueueState"/>.</summary>
    public static IDisposable ObserveQueueDepth(Func<IEnumerable<Measurement<long>>> observe) => QueueDepthHooks.Add(observe);

    /// <summary>Registers what the protection-status gauge reports: namespaces per status (<see cref="Tags.RpoStatus"/>)
    /// and cluster (<see cref="Tags.Cluster"/>). Dispose to stop.</summary>
    public static IDisposable ObserveProtectionStatus(Func<IEnumerable<Measurement<long>>> observe) => ProtectionStatusHooks.Add(observe);

    // ---- executor ----

    public static Activity? StartRun(OperationRequest request, string cluster)
    {
        var activity = Execution.StartActivity($"run {request.Kind}");
        activity?.SetTag(Tags.RequestId, request.Id.ToString());
        activity?.SetTag(Tags.RequestKind, request.Kind.ToString());
        activity?.SetTag(Tags.Attempt, request.Attempt);
        activity?.SetTag(Tags.Cluster, cluster);
        return activity;
    }

    /// <summary>How a run ended, read from what it recorded: the terminal status; <c>released</c> (back to the queue
    /// until a retry time or a window); <c>interrupted</c> (lease lost, executor stopping).</summary>
    public static string RunOutcome(OperationRequest request) => request.Status switch
    {
        RequestStatus.Succeeded => "succeeded",
        RequestStatus.PartiallyFailed => "partially_failed",
        RequestStatus.Failed => "failed",
        RequestStatus.Running when request.LeaseOwner is null => "released",
        _ => "interrupted",
    };

    public static void RunEnded(Activity? activity, RequestKind kind, string outcome, TimeSpan duration)
    {
        var tags = new TagList { { Tags.RequestKind, kind.ToString() }, { Tags.Outcome, outcome } };
        Runs.Add(1, tags);
        RunDuration.Record(duration.TotalSeconds, tags);
        activity?.SetTag(Tags.Outcome, outcome);
        if (outcome == "failed") activity?.SetStatus(ActivityStatusCode.Error, outcome);
    }

    // ---- cluster calls ----

    public static Activity? StartClusterCall(string cluster, string verb, string resource, string? @namespace, string? name)
    {
        var activity = Kubernetes.StartActivity($"{verb} {resource}", ActivityKind.Client);
        if (activity is null) return null;
        activity.SetTag(Tags.Cluster, cluster);
        activity.SetTag(Tags.Verb, verb);
        activity.SetTag(Tags.Resource, resource);
        if (@namespace is not null) activity.SetTag(Tags.Namespace, @namespace);
        if (name is not null) activity.SetTag(Tags.ObjectName, name);
        if (RequestIdAbove(activity.Parent) is { } requestId) activity.SetTag(Tags.RequestId, requestId);
        return activity;
    }

    /// <summary>Records one call's latency and, when <paramref name="fault"/> is set, its error. A call cancelled by its
    /// caller (<paramref name="cancelled"/>) is neither a success nor an error.</summary>
    public static void ClusterCallEnded(Activity? activity, string cluster, string verb, TimeSpan elapsed, ClusterFault? fault, bool cancelled = false)
    {
        var outcome = cancelled ? "cancelled" : fault is null ? "ok" : "error";
        CallDuration.Record(elapsed.TotalSeconds, new TagList { { Tags.Cluster, cluster }, { Tags.Verb, verb }, { Tags.CallOutcome, outcome } });
        if (fault is { } f)
        {
            CallErrors.Add(1, new TagList { { Tags.Cluster, cluster }, { Tags.Fault, f.ToString() } });
            activity?.SetTag(Tags.Fault, f.ToString());
            activity?.SetStatus(ActivityStatusCode.Error, f.ToString());
        }
    }

    public static void WatchReconnected(string cluster) => WatchReconnects.Add(1, new KeyValuePair<string, object?>(Tags.Cluster, cluster));

    /// <summary>The request id of the nearest enclosing portal span, so every cluster call of a run names its request.</summary>
    private static object? RequestIdAbove(Activity? parent)
    {
        for (var a = parent; a is not null; a = a.Parent)
        {
            if (a.GetTagItem(Tags.RequestId) is { } id) return id;
        }
        return null;
    }

    /// <summary>The callbacks an observable gauge reports; several hosts in one process (tests) may each register one.</summary>
    private sealed class GaugeHooks
    {
        private readonly Lock _lock = new();
        private readonly List<Func<IEnumerable<Measurement<long>>>> _hooks = [];

        public IDisposable Add(Func<IEnumerable<Measurement<long>>> hook)
        {
            lock (_lock) _hooks.Add(hook);
            return new Removal(this, hook);
        }

        public IEnumerable<Measurement<long>> Observe()
        {
            Func<IEnumerable<Measurement<long>>>[] hooks;
            lock (_lock) hooks = [.. _hooks];
            return hooks.SelectMany(h => h()).ToList();
        }

        private sealed class Removal(GaugeHooks owner, Func<IEnumerable<Measurement<long>>> hook) : IDisposable
        {
            public void Dispose()
            {
                lock (owner._lock) owner._hooks.Remove(hook);
            }
        }
    }
}
