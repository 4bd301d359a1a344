namespace Opbx.Pages.Org;

/// <summary>One option of a select in the telephony forms: the value posted and the words shown.</summary>
public sealed record Choice(string Value, string Label);
