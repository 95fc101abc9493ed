"""Training plots and the explorers of notebook 07, checked without a browser."""

import matplotlib.pyplot as plt

import bpcourse as bp
from bpcourse.datasets import two_classes
from bpcourse.pictures import decision_regions, learning_rate_view, loss_curves, plots, step_view
from bpcourse.training import train


def test_plot_helpers_return_figures_that_fit_a_slide():
    x, t = two_classes()
    net = bp.Network([2, 3, 2])
    figures = [loss_curves({"a": [3.0, 2.0], "b": [3.0, 1.0]}, log=True),
               decision_regions(net, x, t)]
    for fig in figures:
        width, height = fig.get_size_inches()
        assert width <= 8 and height <= 4.5


def test_learning_rate_view_retrains_and_reports_loss_and_accuracy():
    fig, text = learning_rate_view(log10_eta=1.0, epochs=300)
    assert isinstance(fig, plt.Figure)
    assert text == "η = 10, 300 epochs: final loss 0.0249, accuracy 100.0%"


def test_learning_rate_view_with_a_tiny_rate_barely_learns():
    _, text = learning_rate_view(log10_eta=-2.0, epochs=100)
    assert text.startswith("η = 0.01, 100 epochs: final loss 0.249")


def test_step_view_shows_the_weights_after_each_step():
    fig0, text0 = step_view(steps=0)
    fig5, text5 = step_view(steps=5)
    assert isinstance(fig5, plt.Figure) and len(fig5.axes) >= 3
    assert text0.startswith("step 0: loss 0.2496") and text5.startswith("step 5: loss")
    net = bp.Network([2, 3, 2], seed=0)
    train(net, *two_classes(), plots.STEP_LEARNING_RATE, 5)
    assert f"w  = {bp.fmt(net.weights[0], 3)}" in text5
    assert text0 != text5


def test_step_view_shows_the_change_the_last_step_made():
    x, t = two_classes()
    net = bp.Network([2, 3, 2], seed=0)
    train(net, x, t, plots.STEP_LEARNING_RATE, 2)
    g = net.gradients(x, t)
    _, text = step_view(steps=3)
    assert f"Δw = {bp.fmt(-plots.STEP_LEARNING_RATE * g.weights[0], 4)}" in text
    assert f"Δu = {bp.fmt(-plots.STEP_LEARNING_RATE * g.weights[1], 4)}" in text
    assert "Δw = [[0.0000, 0.0000, 0.0000], [0.0000, 0.0000, 0.0000]]" in step_view(0)[1]
