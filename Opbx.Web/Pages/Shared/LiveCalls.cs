using Opbx.Asterisk.Live;

namespace Opbx.Pages.Shared;

/// <summary>An organization's calls up now, for the polled panel of its dashboard (<c>_LiveCalls</c>).</summary>
/// <param name="WithCount">Also send the dashboard's "Active calls" figure, to replace the one on the page (a polled answer).</param>
public sealed record LiveCalls(AsteriskSnapshot Asterisk, IReadOnlyList<LiveCall> Calls, string PollUrl, bool WithCount = false);
