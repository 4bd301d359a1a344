using Opbx.Domain.Pbx;

namespace Opbx.Pages.Org.Extensions;

/// <summary>What the extension fields show: the input, the members to choose from, and whether voicemail is offered.</summary>
public sealed record ExtensionForm(ExtensionInput Input, IReadOnlyList<Choice> Members, bool Voicemail, bool Creating);
