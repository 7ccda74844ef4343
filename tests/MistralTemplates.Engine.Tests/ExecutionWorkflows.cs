namespace MistralTemplates.Engine.Tests;

/// <summary>Small runnable workflows, the same text on the engine and on the real server.</summary>
public static class ExecutionWorkflows
{
    /// <summary>echo → publish → next task reads it (YAQL and Jinja) → output.</summary>
    public static string EchoChain(string name) => $$$"""
        version: '2.0'
        {{{name}}}:
          input:
            - who
            - punctuation: "!"
          tasks:
            greet:
              action: std.echo output="Hello <% $.who %><% $.punctuation %>"
              publish:
                greeting: <% task().result %>
                count: 2
              on-success: shout
            shout:
              action: std.echo
              input:
                output: "{{ _.greeting | upper }}"
              publish:
                loud: "{{ task('shout').result }}"
                twice: <% $.count * 2 %>
          output:
            greeting: <% $.greeting %>
            loud: <% $.loud %>
            twice: <% $.twice %>
            from_task: <% task(greet).result %>
            execution_name: <% execution().name %>
        """;

    /// <summary>std.fail handled by on-error (plain name and a conditional entry) and on-complete.</summary>
    public static string HandledFailure(string name) => $$"""
        version: '2.0'
        {{name}}:
          tasks:
            boom:
              action: std.fail
              publish-on-error:
                failed: <% task().state %>
              on-error:
                - recover: <% $.failed = 'ERROR' %>
                - never: <% false %>
              on-complete:
                - noted
            recover:
              action: std.echo output="recovered"
              publish:
                how: <% task().result %>
            never:
              action: std.echo output="never"
              publish:
                never: true
            noted:
              action: std.noop
              publish:
                noted: yes
          output:
            failed: <% $.failed %>
            how: <% $.how %>
            noted: <% $.noted %>
        """;

    /// <summary>An unhandled std.fail: the execution ends in ERROR.</summary>
    public static string UnhandledFailure(string name) => $$"""
        version: '2.0'
        {{name}}:
          tasks:
            first:
              action: std.echo output=1
              publish:
                before: <% task().result %>
              on-success:
                - boom
            boom:
              action: std.fail
              on-success:
                - after
            after:
              action: std.noop
        """;

    /// <summary>No output clause: the output is what the tasks published; output-on-error replaces it on failure.</summary>
    public static string ImplicitOutputs(string name) => $$"""
        version: '2.0'
        {{name}}:
          input:
            - a
          vars:
            v: 7
          tasks:
            t1:
              action: std.echo output=1
              publish:
                p: <% $.a + $.v %>
        {{name}}_oe:
          tasks:
            t1:
              action: std.fail
              publish-on-error:
                p: 2
          output-on-error:
            q: <% $.p %>
        """;

    /// <summary>A false on-error condition (the run fails, its summary names no task), the fail and succeed commands.</summary>
    public static string Commands(string name) => $$"""
        version: '2.0'
        {{name}}_false:
          tasks:
            t1:
              action: std.fail
              on-error:
                - t2: <% false %>
            t2:
              action: std.noop
        {{name}}_fail:
          tasks:
            t1:
              action: std.echo output=1
              on-success:
                - fail
        {{name}}_succeed:
          tasks:
            t1:
              action: std.echo output=1
              publish:
                x: 1
              on-success:
                - succeed
                - t2
            t2:
              action: std.fail
        """;

    /// <summary>wait-before and wait-after of a second each, in a chain.</summary>
    public static string Waits(string name) => $$"""
        version: '2.0'
        {{name}}:
          tasks:
            first:
              action: std.echo output=1
              wait-after: 1
              publish:
                x: <% task().result %>
              on-success: second
            second:
              action: std.echo output=2
              wait-before: 1
              publish:
                y: <% $.x + task().result %>
          output:
            y: <% $.y %>
        """;

    /// <summary>
    /// tasks() of this execution: every task execution so far, and those in one state, through YAQL and Jinja. (Without
    /// an id the server lists the tasks of every execution it holds, which no two servers share.)
    /// </summary>
    public static string TasksFunction(string name) => $$$"""
        version: '2.0'
        {{{name}}}:
          tasks:
            first:
              action: std.echo output=1
              on-success: broken
            broken:
              action: std.fail
              on-error: last
            last:
              action: std.noop
              publish:
                names: <% tasks(execution().id).select($.name).orderBy($) %>
                failed: <% tasks(execution().id, false, 'ERROR').select($.name) %>
                states: <% tasks(execution().id).select([$.name, $.state]).orderBy($[0]) %>
                counted: "{{ tasks(execution().id) | length }}"
          output:
            names: <% $.names %>
            failed: <% $.failed %>
            states: <% $.states %>
            counted: <% $.counted %>
        """;

    /// <summary>Publishes the value of each of Mistral's own YAQL functions the engine offers, over the input.</summary>
    public static string MistralFunctions(string name) => $$$"""
        version: '2.0'
        {{{name}}}:
          input:
            - doc
            - json_text
            - yaml_text
          tasks:
            only:
              action: std.noop
              publish:
                pretty: <% json_pp($.doc) %>
                dumped: <% json_dump($.doc) %>
                dumped_list: <% json_dump([1, [], {}, 'x']) %>
                parsed: <% json_parse($.json_text) %>
                parsed_yaml: <% yaml_parse($.yaml_text) %>
                yamled: <% yaml_dump($.doc) %>
                yamled_scalar: <% yaml_dump('yes') %>
                uuid_shape: <% uuid() =~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' %>
                uuids_differ: <% uuid() != uuid() %>
                input: <% execution().input %>
                own_name: <% task().name %>
          output:
            pretty: <% $.pretty %>
            parsed: <% $.parsed %>
        """;

    /// <summary>Three parallel branches joined by all, one and two of them.</summary>
    public static string Joins(string name) => $$"""
        version: '2.0'
        {{name}}:
          tasks:
            a:
              action: std.echo output="a"
              publish:
                a: <% task().result %>
              on-success: [all, one, two]
            b:
              action: std.echo output="b"
              publish:
                b: <% task().result %>
              on-success: [all, one, two]
            c:
              action: std.echo output="c"
              publish:
                c: <% task().result %>
              on-success: [all, one]
            all:
              join: all
              action: std.echo output=<% $.a + $.b + $.c %>
              publish:
                joined: <% task().result %>
            one:
              join: one
              action: std.noop
              publish:
                one: true
            two:
              join: 2
              action: std.noop
              publish:
                two: true
          output:
            joined: <% $.joined %>
            one: <% $.one %>
            two: <% $.two %>
        """;

    /// <summary>fail with a message, task-defaults, fail-on and keep-result.</summary>
    public static string Policies(string name) => $$"""
        version: '2.0'
        {{name}}_failmsg:
          input:
            - why: broken
          tasks:
            t1:
              action: std.echo output=1
              on-success:
                - fail msg="stopped <% $.why %>"
        {{name}}_defaults:
          task-defaults:
            on-error:
              - handler
          tasks:
            t1:
              action: std.fail
            handler:
              action: std.echo output="handled"
              publish:
                h: <% task().result %>
        {{name}}_failon:
          tasks:
            t1:
              action: std.echo output=5
              keep-result: false
              fail-on: <% task().result > 3 %>
              publish:
                seen: <% task().result %>
              on-error:
                - caught
            caught:
              action: std.noop
              publish:
                caught: true
        """;

    /// <summary>retry: a failing action retried twice, break-on stopping at once, continue-on on success.</summary>
    public static string Retries(string name) => $$"""
        version: '2.0'
        {{name}}:
          tasks:
            flaky:
              action: std.fail
              retry:
                count: 2
                delay: 1
              on-error: broken
            broken:
              action: std.fail
              retry:
                count: 5
                delay: 0
                break-on: <% true %>
              on-error: again
            again:
              action: std.echo output=3
              retry:
                count: 2
                delay: 0
                continue-on: <% task().result < 5 %>
              publish:
                last: <% task().result %>
        """;

    /// <summary>with-items over two lists with a concurrency of 2, an empty list, and a failing item.</summary>
    public static string WithItems(string name) => $$"""
        version: '2.0'
        {{name}}:
          input:
            - names: [a, b, c]
          tasks:
            each:
              with-items:
                - n in <% $.names %>
                - i in [1, 2, 3]
              concurrency: 2
              action: std.echo output="<% $.n %><% $.i %>"
              publish:
                all: <% task().result %>
            empty:
              with-items: x in <% [] %>
              action: std.echo output=<% $.x %>
              publish:
                none: <% task().result %>
        {{name}}_fail:
          tasks:
            each:
              with-items: x in [1, 2]
              action: std.fail
              on-error: after
            after:
              action: std.noop
              publish:
                failed: <% task(each).state %>
        """;

    /// <summary>A task still in its wait-after when its timeout comes fails with the timeout, handled by on-error.</summary>
    public static string Timeout(string name) => $$"""
        version: '2.0'
        {{name}}:
          tasks:
            slow:
              action: std.echo output=1
              wait-after: 3
              timeout: 1
              on-error: handler
            handler:
              action: std.noop
              publish:
                why: <% task(slow).state_info %>
        """;

    /// <summary>pause-before: the execution pauses before the task and runs it once resumed.</summary>
    public static string PauseBefore(string name) => $$"""
        version: '2.0'
        {{name}}:
          tasks:
            first:
              action: std.echo output=1
              on-success: second
            second:
              action: std.echo output=2
              pause-before: true
              publish:
                second: <% task().result %>
        """;
    /// <summary>
    /// Sub-workflow tasks: a child's output as the task's result, inline and map input, with-items over a child, a
    /// failing child handled by on-error, and one that fails the parent.
    /// </summary>
    public static string SubWorkflows(string name) => $$"""
        version: '2.0'
        {{name}}:
          input:
            - x: 2
          tasks:
            call:
              workflow: {{name}}_child y=<% $.x %>
              publish:
                got: <% task().result %>
              on-success: each
            each:
              with-items: v in [1, 2, 3]
              workflow: {{name}}_child
              input:
                y: <% $.v %>
              publish:
                all: <% task().result %>
        {{name}}_handled:
          tasks:
            call:
              workflow: {{name}}_bad
              on-error: after
            after:
              action: std.noop
              publish:
                state: <% task(call).state %>
        {{name}}_failing:
          tasks:
            call:
              workflow: {{name}}_bad
        {{name}}_child:
          input:
            - y
            - z: 10
          output:
            sum: <% $.y + $.z %>
          tasks:
            echo:
              action: std.echo output=<% $.y %>
        {{name}}_bad:
          tasks:
            f:
              action: std.fail
        """;
    /// <summary>A reverse workflow: only what the target task requires runs, in dependency order.</summary>
    public static string Reverse(string name) => $$"""
        version: '2.0'
        {{name}}:
          type: reverse
          input:
            - a: 1
          tasks:
            t1:
              action: std.echo output=<% $.a %>
              publish:
                one: <% task().result %>
            t2:
              action: std.echo output=<% $.one + 1 %>
              requires: [t1]
              publish:
                two: <% task().result %>
            side:
              action: std.echo output="side"
              publish:
                side: <% task().result %>
            t3:
              action: std.echo output=3
              requires: [t2, side]
            other:
              action: std.fail
        """;
    /// <summary>An action given input it refuses: the server fails the whole workflow; on-error does not run.</summary>
    public static string RefusedInput(string name) => $$"""
        version: '2.0'
        {{name}}:
          tasks:
            first:
              action: std.echo output=1
              publish:
                first: <% task().result %>
              on-success: bad
            bad:
              action: std.echo wrong=1
              on-error: handler
            handler:
              action: std.noop
        """;
    /// <summary>
    /// Tasks naming an action nobody has: alone (the first task), after a task that succeeded and published, and
    /// with retry and on-error, which the server skips: the whole workflow fails at once.
    /// </summary>
    public static string UnknownAction(string name) => $$"""
        version: '2.0'
        {{name}}:
          input:
            - vm_name: web
          tasks:
            t1:
              action: foo.bar_baz name=<% $.vm_name %>
        {{name}}_later:
          tasks:
            first:
              action: std.echo output=1
              publish:
                got: <% task().result %>
              on-success: second
            second:
              action: nova.servers_create name=a
        {{name}}_handled:
          tasks:
            t1:
              action: foo.bar_baz
              retry:
                count: 2
                delay: 1
              on-error: handler
            handler:
              action: std.noop
        """;
    /// <summary>A join:all one of whose incoming tasks takes another way: the join fails, unhandled or handled.</summary>
    public static string UnreachableJoin(string name) => $$"""
        version: '2.0'
        {{name}}:
          tasks:
            a:
              action: std.echo output=1
              on-success: j
            b:
              action: std.echo output=2
              on-error: j
            j:
              join: all
              action: std.noop
        {{name}}_handled:
          tasks:
            a:
              action: std.echo output=1
              on-success: j
            b:
              action: std.echo output=2
              on-error: j
            j:
              join: all
              action: std.noop
              on-error: after
            after:
              action: std.noop
              publish:
                why: <% task(j).state_info %>
        """;
}
