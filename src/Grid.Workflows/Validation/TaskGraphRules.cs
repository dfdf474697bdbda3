namespace Grid.Workflows.Validation;

/// <summary>
/// The shape of the task graph: every task must be reachable from the first one, and no chain of
/// destinations may lead back to a task already on it (repeating work is what retries are for).
/// </summary>
internal static class TaskGraphRules
{
    private sealed record Edge(int From, int DestinationIndex, int To);

    public static void Check(WorkflowIndex index, ValidationErrors errors)
    {
        if (index.Tasks.Count == 0) return;
        var edges = BuildEdges(index);
        CheckReachability(index, edges, errors);
        CheckCycles(index, edges, errors);
    }

    private static List<Edge>[] BuildEdges(WorkflowIndex index)
    {
        var edges = new List<Edge>[index.Tasks.Count];
        for (var from = 0; from < index.Tasks.Count; from++)
        {
            edges[from] = [];
            if (!index.IsFirstWithItsId(from)) continue;
            var destinations = index.Tasks[from].TaskDestinations ?? [];
            for (var d = 0; d < destinations.Count; d++)
            {
                if (destinations[d]?.Name is { } name && index.TaskIndexById.TryGetValue(name, out var to))
                    edges[from].Add(new Edge(from, d, to));
            }
        }
        return edges;
    }

    private static void CheckReachability(WorkflowIndex index, List<Edge>[] edges, ValidationErrors errors)
    {
        if (!index.IsFirstWithItsId(0)) return;
        var reached = new bool[index.Tasks.Count];
        var pending = new Queue<int>([0]);
        reached[0] = true;
        while (pending.TryDequeue(out var task))
        {
            foreach (var edge in edges[task].Where(edge => !reached[edge.To]))
            {
                reached[edge.To] = true;
                pending.Enqueue(edge.To);
            }
        }
        for (var i = 1; i < index.Tasks.Count; i++)
        {
            if (!reached[i] && index.IsFirstWithItsId(i))
                errors.Add($"$.tasks[{i}]",
                    $"Task '{index.Tasks[i].Id}' is never run: no chain of task_destinations leads to it from the first task '{index.Tasks[0].Id}'.");
        }
    }

    // Depth-first search; an edge to a task still on the current path closes a cycle, reported once at that edge.
    private static void CheckCycles(WorkflowIndex index, List<Edge>[] edges, ValidationErrors errors)
    {
        var state = new VisitState[index.Tasks.Count];
        var path = new List<int>();
        for (var start = 0; start < index.Tasks.Count; start++)
        {
            if (state[start] == VisitState.New) Visit(start);
        }

        void Visit(int task)
        {
            state[task] = VisitState.OnPath;
            path.Add(task);
            foreach (var edge in edges[task])
            {
                if (state[edge.To] == VisitState.OnPath)
                {
                    var loop = path.Skip(path.IndexOf(edge.To)).Append(edge.To).Select(i => index.Tasks[i].Id);
                    errors.Add($"$.tasks[{edge.From}].task_destinations[{edge.DestinationIndex}].name",
                        $"This destination closes a cycle: {string.Join(" -> ", loop)}.");
                }
                else if (state[edge.To] == VisitState.New)
                {
                    Visit(edge.To);
                }
            }
            path.RemoveAt(path.Count - 1);
            state[task] = VisitState.Done;
        }
    }

    private enum VisitState
    {
        New,
        OnPath,
        Done,
    }
}
