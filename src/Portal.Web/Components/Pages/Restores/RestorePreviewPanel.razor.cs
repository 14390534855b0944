using Microsoft.AspNetCore.Components;
using Portal.Application.Common;
using Portal.Application.Features.Restores.Preview;

namespace Portal.Web.Components.Pages.Restores;

/// <summary>What one page of a preview asks the server for.</summary>
public sealed record PreviewPageArgs(PreviewOutcome? Outcome, string? Kind, PageRequest Page, bool Fresh);

/// <summary>
/// The restore preview: reads through <see cref="Load"/> (the form's or the request's query) whenever <see cref="Key"/>
/// changes (another backup, target or policy), then a page at a time as the user pages or filters; the server keeps the
/// preview a short while, so a page does not read the cluster again unless "Read again" is pressed.
/// </summary>
public partial class RestorePreviewPanel
{
    public const int PageSize = 25;

    /// <summary>Reads one page of the preview (with the summary of all of it).</summary>
    [Parameter, EditorRequired] public Func<PreviewPageArgs, CancellationToken, Task<Result<RestorePreviewPage>>> Load { get; set; } = default!;

    /// <summary>What the preview is of; a new value reads it again from the first page.</summary>
    [Parameter, EditorRequired] public string Key { get; set; } = "";

    [Parameter] public string Title { get; set; } = "What this restore would do";

    internal RestorePreviewPage? Preview { get; private set; }
    internal Error? Failure { get; private set; }
    internal bool Busy { get; private set; }

    private string? _loadedKey;
    private string _outcome = "";
    private string _kind = "";
    private int _page;
    private CancellationTokenSource? _running;

    internal int Pages => Preview is null ? 0 : (Preview.Items.TotalCount + PageSize - 1) / PageSize;

    protected override async Task OnParametersSetAsync()
    {
        if (Key == _loadedKey) return;
        _loadedKey = Key;
        _outcome = "";
        _kind = "";
        _page = 0;
        Preview = null;
        await ReloadAsync(fresh: false);
    }

    internal async Task ReloadAsync(bool fresh)
    {
        if (fresh)
        {
            Preview = null;
            _page = 0;
        }

        _running?.Cancel();
        var mine = _running = new CancellationTokenSource();
        Busy = true;
        Failure = null;
        try
        {
            var outcome = Enum.TryParse<PreviewOutcome>(_outcome, out var o) ? o : (PreviewOutcome?)null;
            var result = await Load(new PreviewPageArgs(outcome, _kind.Length == 0 ? null : _kind, new PageRequest(_page, PageSize), fresh), mine.Token);
            if (mine.IsCancellationRequested) return; // a newer read replaced this one
            if (result.IsSuccess) Preview = result.Value;
            else
            {
                Failure = result.Error;
                Preview = null;
            }
        }
        catch (OperationCanceledException) when (mine.IsCancellationRequested)
        {
        }
        finally
        {
            if (ReferenceEquals(_running, mine)) Busy = false;
        }
    }

    private Task OnOutcomeAsync(string value)
    {
        _outcome = value ?? "";
        _page = 0;
        return ReloadAsync(fresh: false);
    }

    private Task OnKindAsync(string value)
    {
        _kind = value ?? "";
        _page = 0;
        return ReloadAsync(fresh: false);
    }

    private Task OnPageAsync(int page)
    {
        _page = Math.Max(0, page - 1);
        return ReloadAsync(fresh: false);
    }
}
