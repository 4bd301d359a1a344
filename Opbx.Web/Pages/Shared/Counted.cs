namespace Opbx.Pages.Shared;

/// <summary>A number with its noun, singular or plural: "1 member", "2,500 members".</summary>
public static class Counted
{
    public static string Of(int count, string one, string many) => $"{Amount.Of(count)} {(count == 1 ? one : many)}";
}
