using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Portal.Databases.Jobs;

/// <summary>Kubernetes name and label rules the manifests need, deterministic so a name can be found again.</summary>
public static partial class KubeNames
{
    /// <summary>A CronJob's name: the controller appends <c>-&lt;8+ digit minutes&gt;</c> and a Job name (a label value) must stay within 63.</summary>
    public const int MaxCronJobName = 52;

    public const int MaxJobName = 63;

    /// <summary>
    /// <paramref name="name"/> when it fits in <paramref name="max"/> characters; otherwise its start and
    /// <c>-</c> + the first 8 hex digits of its sha256, so two long names that share a start still differ.
    /// </summary>
    public static string Fit(string name, int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 10);
        if (name.Length <= max)
            return name;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..8];
        return name[..(max - 9)].TrimEnd('-', '.') + "-" + hash;
    }

    /// <summary>The first 8 lowercase letters or digits of a run id (a GUID's first group): the name's run part.</summary>
    public static string ShortRunId(string runId)
    {
        // The last characters: the portal's ids are version-7 GUIDs, whose leading digits are a timestamp shared by
        // every id made in the same minute, while the trailing ones are random.
        var all = (runId ?? "").ToLowerInvariant().Where(c => c is >= 'a' and <= 'z' or >= '0' and <= '9').ToArray();
        var chars = all[Math.Max(0, all.Length - 8)..];
        if (chars.Length == 0)
            throw new ArgumentException($"The run id \"{runId}\" has no letters or digits to name a Job with.", nameof(runId));
        return new string(chars);
    }

    /// <summary>Whether <paramref name="name"/> can name a Secret or a PersistentVolumeClaim (a DNS subdomain).</summary>
    public static bool IsValidObjectName(string? name) => name is { Length: > 0 and <= 253 } && Subdomain().IsMatch(name);

    /// <summary>Whether a label key and value are acceptable to the API server.</summary>
    public static bool IsValidLabel(string key, string value)
    {
        var slash = key.IndexOf('/');
        var (prefix, name) = slash < 0 ? ("", key) : (key[..slash], key[(slash + 1)..]);
        if (slash >= 0 && (prefix.Length is 0 or > 253 || !Subdomain().IsMatch(prefix)))
            return false;
        return name.Length is > 0 and <= 63 && LabelName().IsMatch(name)
            && value.Length <= 63 && (value.Length == 0 || LabelName().IsMatch(value));
    }

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex LabelName();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Subdomain();
}
