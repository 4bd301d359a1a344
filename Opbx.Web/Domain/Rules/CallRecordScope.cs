namespace Opbx.Domain.Rules;

/// <summary>Which call records someone may read: none, their own calls (made or received), or the whole organization's.</summary>
public enum CallRecordScope { None, Own, Organization }
