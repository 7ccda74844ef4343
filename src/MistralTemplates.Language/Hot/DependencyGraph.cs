using System.Collections.Generic;
using System.Linq;
using MistralTemplates.Language.Diagnostics;

namespace MistralTemplates.Language.Hot;

/// <summary>
/// The resources' dependencies (depends_on, get_resource, get_attr) and the cycles among them. Heat
/// refuses a template whose resources depend on each other in a circle. Iterative Tarjan, so a long
/// chain of resources cannot overflow the stack.
/// </summary>
internal static class DependencyGraph
{
    public static void ReportCycles(HotParseContext context, IReadOnlyList<ParsedResource> resources)
    {
        var index = new Dictionary<string, int>(System.StringComparer.Ordinal);
        for (var i = 0; i < resources.Count; i++) index[resources[i].Resource.Name] = i;
        var edges = resources
            .Select(r => r.References.Where(d => index.ContainsKey(d.Name)).Select(d => index[d.Name]).Distinct().ToArray())
            .ToArray();

        foreach (var component in StronglyConnected(edges))
        {
            var isCycle = component.Count > 1 || edges[component[0]].Contains(component[0]);
            if (!isCycle) continue;
            var first = component.Min();
            var cycle = CycleThrough(first, edges, new HashSet<int>(component));
            var names = string.Join(" -> ", cycle.Select(i => resources[i].Resource.Name));
            context.Report(DiagnosticCatalog.DependencyCycle, resources[first].Resource.NameSpan, names);
        }
    }

    /// <summary>A path start → ... → start inside one strongly connected component (breadth first, so the shortest).</summary>
    private static List<int> CycleThrough(int start, int[][] edges, HashSet<int> component)
    {
        var parent = new Dictionary<int, int>();
        var queue = new Queue<int>();
        queue.Enqueue(start);
        var last = start;
        var found = false;
        while (queue.Count > 0 && !found)
        {
            var node = queue.Dequeue();
            foreach (var next in edges[node])
            {
                if (!component.Contains(next)) continue;
                if (next == start)
                {
                    last = node;
                    found = true;
                    break;
                }
                if (parent.ContainsKey(next)) continue;
                parent[next] = node;
                queue.Enqueue(next);
            }
        }
        var path = new List<int>();
        for (var n = last; n != start; n = parent[n]) path.Add(n);
        path.Add(start);
        path.Reverse();
        path.Add(start);
        return path;
    }

    private static List<List<int>> StronglyConnected(int[][] edges)
    {
        var count = edges.Length;
        var order = new int[count];
        var low = new int[count];
        var visited = new bool[count];
        var onStack = new bool[count];
        var stack = new Stack<int>();
        var result = new List<List<int>>();
        var counter = 0;
        for (var root = 0; root < count; root++)
        {
            if (visited[root]) continue;
            var work = new Stack<(int Node, int Edge)>();
            work.Push((root, 0));
            while (work.Count > 0)
            {
                var (node, edge) = work.Pop();
                if (edge == 0)
                {
                    visited[node] = true;
                    order[node] = low[node] = counter++;
                    stack.Push(node);
                    onStack[node] = true;
                }
                else
                {
                    // Back from the child at edge - 1.
                    var child = edges[node][edge - 1];
                    low[node] = System.Math.Min(low[node], low[child]);
                }
                var descended = false;
                for (var e = edge; e < edges[node].Length; e++)
                {
                    var next = edges[node][e];
                    if (!visited[next])
                    {
                        work.Push((node, e + 1));
                        work.Push((next, 0));
                        descended = true;
                        break;
                    }
                    if (onStack[next]) low[node] = System.Math.Min(low[node], order[next]);
                }
                if (descended) continue;
                if (low[node] == order[node])
                {
                    var component = new List<int>();
                    int member;
                    do
                    {
                        member = stack.Pop();
                        onStack[member] = false;
                        component.Add(member);
                    } while (member != node);
                    result.Add(component);
                }
            }
        }
        return result;
    }
}
