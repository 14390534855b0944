namespace Portal.Databases;

/// <summary>A generated script, or the plain-words reasons why the spec cannot become one.</summary>
public sealed record ScriptResult
{
    private ScriptResult(string? script, IReadOnlyList<string> errors) => (Script, Errors) = (script, errors);

    /// <summary>The sh script text; null when <see cref="Errors"/> is not empty.</summary>
    public string? Script { get; }

    public IReadOnlyList<string> Errors { get; }

    public bool IsValid => Errors.Count == 0;

    internal static ScriptResult Ok(string script) => new(script, []);

    internal static ScriptResult Invalid(IReadOnlyList<string> errors) => new(null, errors);

    /// <summary>The script, or an exception listing the errors (for callers that validated already).</summary>
    public string GetScriptOrThrow() =>
        Script ?? throw new InvalidOperationException("The spec is not valid: " + string.Join(" ", Errors));
}
