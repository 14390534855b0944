using Portal.Application.Common;

namespace Portal.Web.Components.Shared;

/// <summary>What a grid's pager says about the rows: "1-25 of 240", or "1-25 of more than 10,000" when the list's count stopped
/// early (<see cref="Page{T}.IsCountCapped"/>); the pager's next button still goes on, one page past what was counted.</summary>
public static class PagerInfo
{
    public static string Format<T>(Page<T>? page) =>
        page is { IsCountCapped: true } ? "{first_item}-{last_item} of " + Paging.Describe(page) : "{first_item}-{last_item} of {all_items}";
}
