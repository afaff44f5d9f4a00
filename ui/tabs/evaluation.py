"""The evaluation tab: runs the eval suite on the loaded index, with a progress bar, and shows
the metrics, the per-question results, the recall@k plot and report.md.

One run at a time (its own concurrency group): a run on every system takes ~30 s.
"""
from __future__ import annotations

from dataclasses import dataclass

import gradio as gr

from rag.labels import labels

from . import Context


@dataclass(frozen=True)
class EvalTab:
    tab: gr.Tab
    split: gr.Dropdown
    systems: gr.CheckboxGroup
    run: gr.Button
    summary: gr.HTML
    plot: gr.Image
    report: gr.File  # report.md
    questions: gr.HTML


def build_eval_tab(ctx: Context) -> EvalTab:
    with gr.Tab(labels("nl")["tab_eval"], id="eval-tab") as tab:
        from rag.evaluate import SPLITS, SYSTEMS

        gr.Markdown("Draai de evaluatieset (`eval/questions.jsonl`) op de geladen index. "
                    "Runs the eval suite on the loaded index; all systems on the test split take ~30 s.")
        with gr.Row():
            # a list to pick from, not a radio per split: the splits grow by one with each blind holdout (60 now)
            split = gr.Dropdown(["test", *(s for s in SPLITS if s != "test"), "all"], value="test", label="Split",
                                elem_id="e-split", filterable=True)
            systems = gr.CheckboxGroup(list(SYSTEMS), value=list(SYSTEMS), label="Systemen · systems",
                                       elem_id="e-systems")
            run = gr.Button("Start evaluatie", variant="primary", elem_id="e-run")
        summary = gr.HTML("", elem_id="e-summary", js_on_load=None)
        with gr.Row():
            plot = gr.Image(label="recall@k", type="filepath", interactive=False, elem_id="e-plot", height=420,
                            scale=4, buttons=["download", "fullscreen"])
            report = gr.File(label="report.md", interactive=False, elem_id="e-md", scale=1)
        questions = gr.HTML("", elem_id="e-questions", js_on_load=None)
    return EvalTab(tab, split, systems, run, summary, plot, report, questions)


def wire_eval(ctx: Context, tab: EvalTab) -> None:
    h = ctx.h

    def on_eval(split, systems, progress=gr.Progress()):
        return h.run_eval(split, systems, progress)

    tab.run.click(on_eval, [tab.split, tab.systems], [tab.summary, tab.questions, tab.plot, tab.report],
                  api_visibility="private", concurrency_limit=1, concurrency_id="eval", show_progress_on=[tab.summary])
