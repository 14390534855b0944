using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Application.Features.Databases;
using Portal.Application.Features.Namespaces;
using Portal.Domain.Databases;

namespace Portal.Web.Components.Pages.Databases;

public partial class RegisterDatabasePage
{
    [Inject] private ListMyNamespaces ListMyNamespaces { get; set; } = default!;
    [Inject] private DiscoverDatabases Discover { get; set; } = default!;
    [Inject] private RegisterDatabase Register { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    private MudForm? _form;

    internal IReadOnlyList<TenantNamespaceView> Namespaces { get; private set; } = [];
    internal Guid? NamespaceId { get; set; }
    internal IReadOnlyList<DatabaseCandidate>? Candidates { get; private set; }
    internal Error? LoadError { get; private set; }
    internal Error? DiscoverError { get; private set; }
    internal Error? SubmitError { get; private set; }
    internal bool Loading { get; private set; } = true;
    internal bool Discovering { get; private set; }
    internal bool Submitting { get; private set; }

    internal string? Name { get; set; }
    internal DatabaseEngine Engine { get; set; } = DatabaseEngine.PostgreSql;
    internal int? ServerMajorVersion { get; set; }
    internal string? ServiceName { get; set; }
    internal int? Port { get; set; } = DatabaseEngine.PostgreSql.DefaultPort();
    internal string? DatabaseNamesText { get; set; }
    internal string? SecretName { get; set; }
    internal string? UsernameKey { get; set; } = "username";
    /// <summary>The user is a key of the Secret (true), or typed as it is (false): a literal POSTGRES_USER, the image's default.</summary>
    internal bool UserFromSecret { get; set; } = true;
    internal string? Username { get; set; }
    /// <summary>Where the user name the form filled in comes from, said under the field.</summary>
    internal string? UsernameNote { get; set; }
    internal string? PasswordKey { get; set; } = "password";
    internal DatabaseSource Source { get; set; } = DatabaseSource.Manual;
    internal string? SourceObject { get; set; }

    internal IReadOnlyList<string> DatabaseNames => SplitNames(DatabaseNamesText);

    internal static IReadOnlyList<string> SplitNames(string? text) =>
        (text ?? "").Split([',', ' ', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();

    protected override async Task OnInitializedAsync()
    {
        var result = await ListMyNamespaces.HandleAsync(new ListMyNamespacesQuery());
        if (result.IsSuccess)
        {
            // Only where the caller may register databases: the use case would refuse the others anyway.
            Namespaces = result.Value!.Where(n => n.CanManageDatabases).ToList();
            if (Namespaces.Count == 1) NamespaceId = Namespaces[0].Id;
        }
        else LoadError = result.Error;
        Loading = false;
    }

    internal void OnNamespaceChanged(Guid? id)
    {
        if (id == NamespaceId) return;
        NamespaceId = id;
        Candidates = null;
        DiscoverError = null;
    }

    internal void OnEngineChanged(DatabaseEngine engine)
    {
        if (Port == Engine.DefaultPort()) Port = engine.DefaultPort();
        Engine = engine;
    }

    internal async Task DiscoverAsync()
    {
        if (NamespaceId is not { } id) return;
        Discovering = true;
        DiscoverError = null;
        Candidates = null;
        try
        {
            var result = await Discover.HandleAsync(new DiscoverDatabasesQuery(id));
            if (result.IsSuccess) Candidates = result.Value;
            else DiscoverError = result.Error;
        }
        finally
        {
            Discovering = false;
        }
    }

    internal void Use(DatabaseCandidate c)
    {
        Name = ObjectName(c.SourceObject);
        Engine = c.Engine;
        ServerMajorVersion = c.ServerMajorVersion;
        ServiceName = c.ServiceName;
        Port = c.Port ?? c.Engine.DefaultPort();
        DatabaseNamesText = string.Join(", ", c.DatabaseNames);
        SecretName = c.SecretName;
        // What discovery found: a key of the Secret, or the user itself (never a guessed key the Secret may not have).
        UserFromSecret = c.UsernameKey is not null || c.Username is null;
        UsernameKey = c.UsernameKey;
        Username = c.Username;
        UsernameNote = c.Username is null ? null
            : c.UsernameIsImageDefault ? $"The image's default user: {c.SourceObject} does not set one."
            : $"As {c.SourceObject} sets it in its manifest.";
        PasswordKey = c.PasswordKey ?? PasswordKey;
        Source = c.Source;
        SourceObject = c.SourceObject;
        SubmitError = null;
    }

    /// <summary>Discovery names objects as "kind/name" (e.g. "cluster/shop-db"); the name alone makes a good default.</summary>
    internal static string ObjectName(string? sourceObject) =>
        sourceObject is null ? "" : sourceObject[(sourceObject.LastIndexOf('/') + 1)..];

    internal static string Describe(DatabaseCandidate c)
    {
        var parts = new List<string>
        {
            c.Source switch
            {
                DatabaseSource.CloudNativePgCluster => $"CloudNativePG cluster {ObjectName(c.SourceObject)}",
                DatabaseSource.Workload => $"Workload {c.SourceObject}",
                _ => c.SourceObject,
            },
            c.Engine.Display() + (c.ServerMajorVersion is { } v ? $" {v}" : ""),
        };
        if (c.ServiceName is not null) parts.Add($"Service {c.ServiceName}:{c.Port ?? c.Engine.DefaultPort()}");
        if (c.SecretName is not null)
        {
            var keys = new[] { c.UsernameKey, c.PasswordKey }.Where(k => k is not null).ToList();
            parts.Add($"Secret {c.SecretName}" + (keys.Count > 0 ? $" ({string.Join("/", keys)})" : ""));
        }
        if (c.UsernameKey is null && c.Username is not null)
            parts.Add($"user {c.Username}" + (c.UsernameIsImageDefault ? " (the image's default)" : ""));
        if (c.DatabaseNames.Count > 0) parts.Add($"databases {string.Join(", ", c.DatabaseNames)}");
        return string.Join(" · ", parts);
    }

    internal async Task SubmitAsync()
    {
        SubmitError = null;
        if (NamespaceId is not { } id)
        {
            SubmitError = Error.Validation("Pick the namespace the database runs in.");
            return;
        }
        // Disabled at once, before anything is awaited: a second click finds it busy and does nothing.
        if (Submitting) return;
        Submitting = true;
        try
        {
            if (_form is not null) await _form.ValidateAsync();
            // A number field that holds no valid number says so next to it; nothing is sent in place of what was typed.
            if (_form is { IsValid: false } || Port is not { } port) return;
            var result = await Register.HandleAsync(new RegisterDatabaseCommand(id, (Name ?? "").Trim(), Engine, (ServiceName ?? "").Trim(), port,
                DatabaseNames, (SecretName ?? "").Trim(), UserFromSecret ? (UsernameKey ?? "").Trim() : null, (PasswordKey ?? "").Trim(), ServerMajorVersion, Source,
                Source == DatabaseSource.Manual ? null : SourceObject, UserFromSecret ? null : (Username ?? "").Trim()));
            if (result.IsSuccess)
            {
                Snackbar.Add($"Database {Name} registered.", Severity.Success);
                Navigation.NavigateTo("/databases");
            }
            else SubmitError = result.Error;
        }
        finally
        {
            Submitting = false;
        }
    }
}
