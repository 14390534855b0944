using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using static Portal.TestSupport.MetricReadings;
using Portal.Application.Common;
using Portal.Application.Features.Requests.Submit;
using Portal.Application.Telemetry;
using Portal.Domain.Requests;
using Portal.Execution;
using Portal.IntegrationTests.Support;
using Tags = Portal.Application.Telemetry.PortalTelemetry.Tags;

namespace Portal.IntegrationTests;

/// <summary>Traces and metrics of one request, read from OpenTelemetry's in-memory exporter: use case -> queue ->
/// executor -> cluster calls, each naming the request, and the queue and run metrics.</summary>
public class TelemetryTests
{
    [Fact]
    public async Task BackupRunThroughTheExecutor_LeavesTheSpanChainWithTheRequestId_AndTheRunMetrics()
    {
        var spans = new List<Activity>();
        var metrics = new List<MetricSnapshot>();
        using var tracer = Sdk.CreateTracerProviderBuilder().AddSource([.. PortalTelemetry.SourceNames]).AddInMemoryExporter(spans).Build();
        using var meters = Sdk.CreateMeterProviderBuilder().AddMeter(PortalTelemetry.MeterName).AddInMemoryExporter(metrics).Build();
        await using var w = await JourneyWorld.CreateAsync();
        var depth = w.Portal.Services.GetRequiredService<QueueDepthGauge>();
        await depth.StartAsync(CancellationToken.None);
        try
        {
            // Queued, no executor yet: the queue holds it.
            w.As(w.Owner);
            var id = JourneyWorld.Ok(await w.Portal.RunAsync<SubmitBackupRequest, Result<Guid>>(u =>
                u.HandleAsync(new SubmitBackupRequestCommand(w.NamespaceId, 24, VolumeBackupMode.Snapshot, null, "telemetry"))));
            meters.ForceFlush();
            Assert.Equal(1, Gauge(metrics, "portal.queue.depth", (Tags.RequestKind, "NamespaceBackup"), (Tags.QueueState, "queued")));

            await w.Portal.StartExecutorAsync();
            Assert.Equal(RequestStatus.Succeeded, (await w.WaitForAsync(id)).Summary.Status);
            tracer.ForceFlush();
            metrics.Clear();
            meters.ForceFlush();

            var request = id.ToString();
            var useCase = Assert.Single(spans, s => s.Source.Name == PortalTelemetry.UseCaseSourceName && Names(s, request));
            Assert.Equal(nameof(SubmitBackupRequest), useCase.DisplayName);
            Assert.Equal("NamespaceBackup", useCase.GetTagItem(Tags.RequestKind));
            var queue = Assert.Single(spans, s => s.Source.Name == PortalTelemetry.QueueSourceName && Names(s, request));
            Assert.Equal(ActivityKind.Consumer, queue.Kind);
            var run = Assert.Single(spans, s => s.Source.Name == PortalTelemetry.ExecutionSourceName && Names(s, request));
            Assert.Equal(queue.SpanId, run.ParentSpanId);
            Assert.Equal("succeeded", run.GetTagItem(Tags.Outcome));
            var calls = spans.Where(s => s.Source.Name == PortalTelemetry.KubernetesSourceName && s.TraceId == run.TraceId).ToList();
            Assert.NotEmpty(calls);
            Assert.All(calls, c => Assert.True(Names(c, request), $"{c.DisplayName} does not name the request"));
            Assert.All(calls, c => Assert.Equal("prod-east", c.GetTagItem(Tags.Cluster)));
            Assert.Contains(calls, c => c.ParentSpanId == run.SpanId && c.DisplayName.StartsWith("apply ", StringComparison.Ordinal));

            Assert.Equal(1, Sum(metrics, "portal.runs", (Tags.RequestKind, "NamespaceBackup"), (Tags.Outcome, "succeeded")));
            Assert.Equal(1, Count(metrics, "portal.run.duration", (Tags.RequestKind, "NamespaceBackup"), (Tags.Outcome, "succeeded")));
            Assert.Equal(1, Count(metrics, "portal.queue.wait", (Tags.RequestKind, "NamespaceBackup")));
            Assert.True(Count(metrics, "portal.cluster.call.duration", (Tags.Cluster, "prod-east"), (Tags.CallOutcome, "ok")) >= calls.Count);
        }
        finally
        {
            await depth.StopAsync(CancellationToken.None);
        }
    }

    private static bool Names(Activity span, string requestId) => (string?)span.GetTagItem(Tags.RequestId) == requestId;
}
