using Portal.Domain.Common;

namespace Portal.Domain.Protection;

/// <summary>When a hook runs, in Velero's terms: before the pod's volumes are backed up, or after.</summary>
public enum HookPhase { Pre, Post }

/// <summary>What Velero does when a hook's command fails (<c>onError</c>).</summary>
public enum HookOnError { Fail, Continue }

/// <summary>A command Velero runs in a container of the namespace's pods around the backup, for application
/// consistency (flush and freeze a database, say). Written as one entry of the backup's <c>hooks.resources</c>:
/// <paramref name="PodSelector"/> (label <c>key=value</c> pairs, comma-separated; empty for every pod),
/// <paramref name="Container"/> (empty for the pod's first), the command as an argument list (no shell unless the
/// command names one), its <c>onError</c> and <c>timeout</c>.</summary>
public sealed record BackupHook(string Name, HookPhase Phase, string? PodSelector, string? Container,
    IReadOnlyList<string> Command, HookOnError OnError, TimeSpan Timeout)
{
    /// <summary>What is wrong with the hook, in words; null when it is fine.</summary>
    public string? Problem()
    {
        if (KubernetesName.ExplainInvalidLabel(Name, "hook name") is { } name) return name;
        if (Command is not { Count: > 0 } || Command.Any(string.IsNullOrWhiteSpace))
            return $"Hook {Name}: give the command as one argument per line, none of them empty.";
        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromHours(4))
            return $"Hook {Name}: the time-out must be longer than zero and at most 4 hours.";
        if (Container is { Length: > 0 } c && KubernetesName.ExplainInvalidLabel(c, $"hook {Name}'s container") is { } container) return container;
        if (PodSelectorProblem(PodSelector) is { } selector) return $"Hook {Name}: {selector}";
        return null;
    }

    /// <summary>The selector as label pairs; empty for every pod of the namespace.</summary>
    public IReadOnlyDictionary<string, string> PodLabels() =>
        string.IsNullOrWhiteSpace(PodSelector)
            ? new Dictionary<string, string>()
            : PodSelector.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(p => p.Split('=', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim());

    private static string? PodSelectorProblem(string? selector)
    {
        if (string.IsNullOrWhiteSpace(selector)) return null;
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pair in selector.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split('=', 2);
            if (parts.Length != 2 || parts[0].Trim().Length == 0)
                return $"the pod selector \"{pair}\" is not key=value (write app=shop-db, or several separated by commas).";
            if (KubernetesName.ExplainInvalidLabelKey(parts[0].Trim()) is { } key) return $"in the pod selector, {Lower(key)}";
            if (KubernetesName.ExplainInvalidLabelValue(parts[1].Trim()) is { } value) return $"in the pod selector, {Lower(value)}";
            if (!keys.Add(parts[0].Trim())) return $"the pod selector names {parts[0].Trim()} twice.";
        }
        return null;
    }

    private static string Lower(string sentence) => char.ToLowerInvariant(sentence[0]) + sentence[1..];
}
