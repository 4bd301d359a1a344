using Opbx.Domain.Pbx;

namespace Opbx.Pages.Org.Emergency;

/// <summary>What the emergency number fields show, on New and on the number's page.</summary>
public sealed record EmergencyForm(EmergencyNumberInput Input, OrderedPick Trunks, IReadOnlyList<Choice> Numbers);
