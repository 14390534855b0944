using Portal.Application.Abstractions.Clusters;
using Portal.Application.Features.Databases;
using Portal.Domain.Databases;

namespace Portal.Execution.Databases;

/// <summary>What was checked when a database request was made (and when its database was registered or its schedule
/// created), checked again right before the executor writes to the cluster. Each returns the reason in words, or null.</summary>
internal static class DatabaseRecheck
{
    /// <summary>The database is still registered to the request's tenant, and its namespace still belongs to that tenant.</summary>
    public static Task<string?> OwnershipAsync(RequestRun run, DatabaseTarget database, string nothingDone, CancellationToken ct) =>
        database.TenantId != run.Request.TenantId
            ? Task.FromResult<string?>($"{database.Name} is no longer registered to your tenant. {nothingDone}")
            : Recheck.StillTenantsAsync(run, database.Namespace, nothingDone, ct, database.ClusterId);

    /// <summary>The Secret holding the database's credentials is still in its namespace, with the keys registered.</summary>
    public static async Task<string?> CredentialsAsync(RequestRun run, IDatabaseWorkloadGateway gateway, DatabaseTarget database, string nothingDone,
        CancellationToken ct)
    {
        var c = database.Credentials;
        var keys = await gateway.GetSecretKeysAsync(run.Connection, database.Namespace, c.SecretName, ct);
        if (keys is null)
            return $"The Secret {c.SecretName} holding the credentials of {database.Name} no longer exists in namespace {database.Namespace}. {nothingDone}";
        // A user given literally (or the image's default) has no key to look for; only the keys the Job reads.
        var missing = new[] { c.UsernameKey, c.PasswordKey }.OfType<string>().Distinct().Where(k => !keys.Keys.Contains(k)).ToList();
        return missing.Count == 0 ? null
            : $"The Secret {c.SecretName} holding the credentials of {database.Name} no longer has the key {string.Join(" or ", missing)}. {nothingDone}";
    }

    /// <summary>Where a schedule's dumps are, seen from a Job in <paramref name="ns"/>: its S3 credentials Secret there, or its
    /// volume claim (unless <paramref name="claimMadeHere"/>: the step is about to make it, and refuses a claim of that name it did not make).</summary>
    public static async Task<string?> StorageAsync(RequestRun run, IDatabaseWorkloadGateway gateway, DumpSchedule schedule, string ns, string nothingDone,
        CancellationToken ct, bool claimMadeHere = false)
    {
        var d = schedule.Destination;
        if (DumpStorages.IsS3(schedule))
        {
            var keys = await gateway.GetSecretKeysAsync(run.Connection, ns, d.S3CredentialsSecret!, ct);
            string[] needed = [S3Credentials.AccessKeyIdKey, S3Credentials.SecretAccessKeyKey];
            return keys is not null && needed.All(keys.Keys.Contains) ? null
                : $"There is no longer a Secret {d.S3CredentialsSecret} holding {string.Join(" and ", needed)} in namespace {ns} for the dumps' bucket. {nothingDone}";
        }
        if (claimMadeHere) return null;
        return await gateway.GetVolumeClaimAsync(run.Connection, schedule.Namespace, d.PvcName!, ct) is null
            ? $"The volume claim {d.PvcName} that holds the dumps no longer exists in namespace {schedule.Namespace}. {nothingDone}"
            : null;
    }
}
