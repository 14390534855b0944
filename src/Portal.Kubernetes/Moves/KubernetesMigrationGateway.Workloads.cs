using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Moves;

namespace Portal.Kubernetes.Moves;

/// <summary>Stopping a namespace's workloads for a move and bringing them back: Deployments and StatefulSets by their
/// replicas, CronJobs by <c>spec.suspend</c>.</summary>
public sealed partial class KubernetesMigrationGateway
{
    private static readonly (string ApiVersion, string Kind)[] Workloads = [("apps/v1", "Deployment"), ("apps/v1", "StatefulSet"), ("batch/v1", "CronJob")];

    public async Task<IReadOnlyList<QuiescedWorkload>> ListWorkloadsAsync(ClusterConnection cluster, string @namespace, CancellationToken ct)
    {
        var found = new List<QuiescedWorkload>();
        foreach (var (apiVersion, kind) in Workloads)
        {
            foreach (var o in await ListAsync(cluster, apiVersion, kind, @namespace, null, ct).ConfigureAwait(false))
            {
                found.Add(kind == "CronJob"
                    ? new QuiescedWorkload(apiVersion, kind, NameOf(o), null, Bool(o, "spec.suspend") ?? false)
                    : new QuiescedWorkload(apiVersion, kind, NameOf(o), Int(o, "spec.replicas") ?? 1));
            }
        }

        return found;
    }

    public Task<bool> StopWorkloadAsync(ClusterConnection cluster, string @namespace, QuiescedWorkload workload, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var spec = workload.Kind == "CronJob" ? Obj(("suspend", true)) : Obj(("replicas", 0));
        return MergePatchAsync(cluster, workload.ApiVersion, workload.Kind, @namespace, workload.Name, Obj(("spec", spec)), ct);
    }

    public Task<bool> RestoreWorkloadAsync(ClusterConnection cluster, string @namespace, QuiescedWorkload workload, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var spec = workload.Kind == "CronJob" ? Obj(("suspend", workload.WasSuspended ?? false)) : Obj(("replicas", workload.Replicas ?? 1));
        return MergePatchAsync(cluster, workload.ApiVersion, workload.Kind, @namespace, workload.Name, Obj(("spec", spec)), ct);
    }
}
