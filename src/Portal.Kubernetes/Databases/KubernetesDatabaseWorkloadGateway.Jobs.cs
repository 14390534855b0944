using System.Text.Json;
using Portal.Application.Abstractions.Clusters;

namespace Portal.Kubernetes.Databases;

public sealed partial class KubernetesDatabaseWorkloadGateway
{
    /// <summary>How many Job names go into one <c>job-name in (…)</c> selector, to keep the URL short.</summary>
    private const int JobNamesPerSelector = 40;

    /// <summary>
    /// The Jobs carrying the selector, newest first, with their pods' termination messages. Pods are listed with the
    /// same selector (they inherit the Job template's labels) and grouped by their job-name label: two LISTs instead
    /// of one per Job. Jobs whose pods do not carry the selector are looked up once more with <c>job-name in (…)</c>.
    /// </summary>
    public async Task<IReadOnlyList<JobRunStatus>> ListJobRunsAsync(ClusterConnection cluster, string @namespace, string labelSelector,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentException.ThrowIfNullOrWhiteSpace(@namespace);
        ArgumentException.ThrowIfNullOrWhiteSpace(labelSelector);
        var jobs = await ListAsync(cluster, DatabaseResources.Job, @namespace, labelSelector, ct).ConfigureAwait(false);
        if (jobs.Count == 0)
        {
            return [];
        }

        var pods = await ListAsync(cluster, DatabaseResources.Pod, @namespace, labelSelector, ct).ConfigureAwait(false);
        var podsByJob = GroupByJob(pods);
        var missing = jobs.Select(j => VeleroStatusParser.Name(j)).OfType<string>().Where(n => !podsByJob.ContainsKey(n)).ToList();
        foreach (var chunk in missing.Chunk(JobNamesPerSelector))
        {
            var selector = $"{JobRunParser.JobNameLabel} in ({string.Join(",", chunk)})";
            foreach (var (job, more) in GroupByJob(await ListAsync(cluster, DatabaseResources.Pod, @namespace, selector, ct).ConfigureAwait(false)))
            {
                podsByJob[job] = more;
            }
        }

        return jobs
            .Select(j => JobRunParser.Parse(j, podsByJob.GetValueOrDefault(VeleroStatusParser.Name(j) ?? "") ?? []))
            .OrderByDescending(r => r.StartedAt ?? DateTimeOffset.MaxValue) // not yet started = newest
            .ThenBy(r => r.Name, StringComparer.Ordinal)
            .ToList();
    }

    private static Dictionary<string, List<JsonElement>> GroupByJob(IEnumerable<JsonElement> pods) =>
        pods.Select(p => (Job: JobRunParser.JobOf(p), Pod: p))
            .Where(p => p.Job is not null)
            .GroupBy(p => p.Job!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Pod).ToList(), StringComparer.Ordinal);

    /// <summary>The pods of one Job (by the job-name label the Job controller sets).</summary>
    private Task<List<JsonElement>> ListJobPodsAsync(ClusterConnection cluster, string @namespace, string job, CancellationToken ct) =>
        ListAsync(cluster, DatabaseResources.Pod, @namespace, $"{JobRunParser.JobNameLabel}={job}", ct);
}
