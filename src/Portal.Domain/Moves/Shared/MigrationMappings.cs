using System.Text.RegularExpressions;

namespace Portal.Domain.Moves;

/// <summary>
/// What changes on the way to the target: namespaces renamed (old → new), storage classes (source class → target
/// class) and image registries (<c>registry.old.example.com</c> → <c>registry.new.example.com</c>; a key may also
/// carry a path, <c>registry.old.example.com/team</c>, and <c>docker.io</c> matches short names such as
/// <c>nginx:1.27</c>). Empty maps change nothing.
/// </summary>
public sealed partial record MigrationMappings
{
    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();

    public static MigrationMappings None { get; } = new();

    public IReadOnlyDictionary<string, string> Namespaces { get; init; } = Empty;

    public IReadOnlyDictionary<string, string> StorageClasses { get; init; } = Empty;

    public IReadOnlyDictionary<string, string> ImageRegistries { get; init; } = Empty;

    /// <summary>What is wrong with the mappings, in words; empty when they can be used.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        foreach (var (from, to) in Namespaces)
        {
            foreach (var name in new[] { from, to }.Where(n => !IsDnsLabel(n)))
                problems.Add($"The namespace name \"{name}\" is not valid: use at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit.");
        }
        var targets = Namespaces.GroupBy(p => p.Value, StringComparer.Ordinal).Where(g => g.Count() > 1);
        foreach (var clash in targets)
            problems.Add($"The namespaces {string.Join(" and ", clash.Select(p => $"\"{p.Key}\""))} are all renamed to \"{clash.Key}\": give each its own namespace on the target.");
        foreach (var (from, to) in StorageClasses)
        {
            foreach (var name in new[] { from, to }.Where(n => !IsDnsSubdomain(n)))
                problems.Add($"The storage class name \"{name}\" is not valid: use lowercase letters, digits, '-' and '.', at most 253 characters.");
        }
        foreach (var (from, to) in ImageRegistries)
        {
            foreach (var name in new[] { from, to }.Where(n => !IsRegistry(n)))
                problems.Add($"The registry \"{name}\" is not valid: write a host, optionally with a port and a path, such as registry.example.com:5000/team (no https://, no trailing '/', no tag).");
        }
        return problems;
    }

    private static bool IsDnsLabel(string name) => name.Length is > 0 and <= 63 && DnsLabel().IsMatch(name);

    private static bool IsDnsSubdomain(string name) => name.Length is > 0 and <= 253 && DnsSubdomain().IsMatch(name);

    private static bool IsRegistry(string name) => name.Length is > 0 and <= 255 && Registry().IsMatch(name);

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();

    [GeneratedRegex(@"^[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?(:[0-9]{1,5})?(/[a-z0-9]+([._-][a-z0-9]+)*)*$")]
    private static partial Regex Registry();
}
