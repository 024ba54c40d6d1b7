import { mount } from 'svelte';
import App from './App.svelte';
import { connect } from './lib/client';
import './styles/theme.css';

const target = document.getElementById('app');
if (!target) throw new Error('the page has no #app element');
mount(App, { target, props: { client: connect() } });
