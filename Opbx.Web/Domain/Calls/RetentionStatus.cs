namespace Opbx.Domain.Calls;

public enum RetentionStatus
{
    Running,
    Succeeded,
    Failed,
}
