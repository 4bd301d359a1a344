using Opbx.Domain.Pbx;

namespace Opbx.Pages.Org.Extensions;

/// <summary>
/// What the extension fields show: the input, the member picker's text and where it asks for suggestions (an organization
/// may have thousands of people, so they are searched, never listed whole), and whether voicemail is offered.
/// </summary>
public sealed record ExtensionForm(ExtensionInput Input, string? Member, string MemberOptionsUrl, bool Voicemail, bool Creating);
